namespace Ambient.Bench.Runtime;

/// <summary>What one runtime bench run does; every side processes the same events.</summary>
internal sealed record RuntimeBenchOptions
{
    public const string Runtime = "runtime";
    public const string RuntimeLinger0 = "runtime-linger0";
    public const string Bare1 = "bare-1";
    public const string Bare4 = "bare-4";

    /// <summary>Every side, in report order.</summary>
    public static IReadOnlyList<string> AllSides { get; } = [Runtime, RuntimeLinger0, Bare1, Bare4];

    /// <summary>Events pre-loaded per repeat; every side processes all of them.</summary>
    public int Events { get; init; } = 20_000;

    /// <summary>Times each side runs; the report shows the median.</summary>
    public int Repeats { get; init; } = 3;

    /// <summary>The agent's <c>limits.maxConcurrentRuns</c>: one run per partition of the 6-partition events topic.</summary>
    public int MaxConcurrentRuns { get; init; } = 6;

    /// <summary>Partitions of the events topic (the default layout's 6).</summary>
    public int Partitions { get; init; } = 6;

    /// <summary>
    /// The sides to run (default all): <c>runtime</c>, <c>runtime-linger0</c> (the runtime with the producer's
    /// <c>linger.ms</c> at 0, a diagnostic of what its per-record waits cost), <c>bare-1</c>, <c>bare-4</c>.
    /// </summary>
    public IReadOnlyList<string> Sides { get; init; } = AllSides;

    /// <summary>The smoke-test variant.</summary>
    public static RuntimeBenchOptions Quick { get; } = new() { Events = 2_000, Repeats = 1 };

    /// <summary>Events of the unmeasured warm-up run of every side.</summary>
    public int WarmupEvents => Math.Max(1_000, Events / 10);
}
