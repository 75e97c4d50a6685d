namespace Ambient.Bench.Runtime;

/// <summary>What one runtime bench run does; every side processes the same events.</summary>
internal sealed record RuntimeBenchOptions
{
    /// <summary>Events pre-loaded per repeat; every side processes all of them.</summary>
    public int Events { get; init; } = 20_000;

    /// <summary>Times each side runs; the report shows the median.</summary>
    public int Repeats { get; init; } = 3;

    /// <summary>The agent's <c>limits.maxConcurrentRuns</c>: one run per partition of the 6-partition events topic.</summary>
    public int MaxConcurrentRuns { get; init; } = 6;

    /// <summary>Partitions of the events topic (the default layout's 6).</summary>
    public int Partitions { get; init; } = 6;

    /// <summary>Also run the runtime with the producer's <c>linger.ms</c> at 0, to show what its per-record waits cost.</summary>
    public bool LingerVariant { get; init; } = true;

    /// <summary>The smoke-test variant.</summary>
    public static RuntimeBenchOptions Quick { get; } = new() { Events = 2_000, Repeats = 1 };

    /// <summary>Events of the unmeasured warm-up run of every side.</summary>
    public int WarmupEvents => Math.Max(1_000, Events / 10);
}
