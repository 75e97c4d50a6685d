namespace Ambient.Bench.Gateway;

/// <summary>What one gateway bench run does; both sides get the same load.</summary>
internal sealed record GatewayBenchOptions
{
    /// <summary>Requests in flight at once (HTTP/1.1 connections of the load generator).</summary>
    public int Concurrency { get; init; } = 64;

    /// <summary>Measured seconds of each side per repeat.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Unmeasured lead-in of each side per repeat (connections, JIT, producer metadata).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// One unmeasured round per side before the first repeat, as the other suites have: long enough for tiered
    /// compilation to finish, which 2 s of per-repeat warm-up under full load was not (the first repeat measured it).
    /// </summary>
    public TimeSpan InitialWarmup { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Times each side runs, alternating; the report shows the median.</summary>
    public int Repeats { get; init; } = 3;

    /// <summary>The smoke-test variant.</summary>
    public static GatewayBenchOptions Quick { get; } = new() { Duration = TimeSpan.FromSeconds(3), Warmup = TimeSpan.FromSeconds(1), InitialWarmup = TimeSpan.FromSeconds(1), Repeats = 1 };
}
