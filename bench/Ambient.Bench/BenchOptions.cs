namespace Ambient.Bench;

/// <summary>What one bench run does; every workload gets the same values.</summary>
internal sealed record BenchOptions
{
    /// <summary>Records per produce and consume phase.</summary>
    public int Records { get; init; } = 200_000;

    /// <summary>Payload bytes per record.</summary>
    public int RecordSize { get; init; } = 1024;

    /// <summary>Times each phase runs per system; the report shows the median.</summary>
    public int Repeats { get; init; } = 3;

    /// <summary>Records per second sent during the latency phase.</summary>
    public int LatencyRate { get; init; } = 1000;

    /// <summary>Measured part of each latency phase.</summary>
    public TimeSpan LatencyDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Unmeasured lead-in of each latency phase (connections, group join, first fetch).</summary>
    public TimeSpan LatencyWarmup { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Most XADD calls in flight at once on the Redis producer.</summary>
    public int RedisWindow { get; init; } = 1000;

    /// <summary>Records per XREADGROUP call (COUNT).</summary>
    public int RedisReadCount { get; init; } = 1000;

    /// <summary>The smoke-test variant: a few seconds in all.</summary>
    public static BenchOptions Quick { get; } = new()
    {
        Records = 20_000,
        Repeats = 1,
        LatencyDuration = TimeSpan.FromSeconds(2),
        LatencyWarmup = TimeSpan.FromMilliseconds(500),
    };

    public long PayloadBytes => (long)Records * RecordSize;
}
