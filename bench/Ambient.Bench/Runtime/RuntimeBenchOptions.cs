namespace Ambient.Bench.Runtime;

/// <summary>What one runtime bench run does; every side processes the same events.</summary>
internal sealed record RuntimeBenchOptions
{
    public const string Runtime = "runtime";
    public const string RuntimeNoCheckpoints = "runtime-no-checkpoints";
    public const string Bare1 = "bare-1";
    public const string Bare4 = "bare-4";

    /// <summary>Every side, in report order.</summary>
    public static IReadOnlyList<string> AllSides { get; } = [Runtime, RuntimeNoCheckpoints, Bare1, Bare4];

    /// <summary>Events pre-loaded per repeat; every side processes all of them.</summary>
    public int Events { get; init; } = 20_000;

    /// <summary>Times each side runs; the report shows the median.</summary>
    public int Repeats { get; init; } = 3;

    /// <summary>
    /// The agent's <c>limits.maxConcurrentRuns</c>: enough runs in flight that the worker overlaps the Kafka round trips
    /// of runs of different issues the way the bare loop overlaps its produces (each run waits on the broker five times;
    /// 48 left a third of the CPU idle, 192 to 384 kept both cores busy).
    /// </summary>
    public int MaxConcurrentRuns { get; init; } = 256;

    /// <summary>
    /// The consumer's <c>auto.commit.interval.ms</c> on every side (the worker ships 1,000). Lag 0 arrives with the first
    /// commit after the last output, so with 1 s every side's time to lag 0 moved in whole seconds: the bare loop's 2 s of
    /// work counted as 2 or 3 s. 100 ms leaves a tenth of that rounding, on both sides alike.
    /// </summary>
    public int CommitIntervalMs { get; init; } = 100;

    /// <summary>Partitions of the events topic (the default layout's 6).</summary>
    public int Partitions { get; init; } = 6;

    /// <summary>
    /// The sides to run (default all): <c>runtime</c>, <c>runtime-no-checkpoints</c> (the runtime with
    /// <c>Ambient:Checkpoints:Enabled=false</c>, a diagnostic of what checkpointing every step costs), <c>bare-1</c>, <c>bare-4</c>.
    /// </summary>
    public IReadOnlyList<string> Sides { get; init; } = AllSides;

    /// <summary>The smoke-test variant.</summary>
    public static RuntimeBenchOptions Quick { get; } = new() { Events = 2_000, Repeats = 1 };

    /// <summary>Events of the unmeasured warm-up run of every side (default as many as a measured run).</summary>
    public int? WarmupEventsSetting { get; init; }

    /// <summary>
    /// Events of the unmeasured warm-up run of every side. As many as a measured run: after a warm-up of a tenth, the
    /// first repeat of the runtime used up to twice the CPU per event of the later ones (the process was not warm yet),
    /// and a worker in production runs warm.
    /// </summary>
    public int WarmupEvents => WarmupEventsSetting ?? Events;
}
