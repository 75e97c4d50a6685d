namespace Ambient.Bench.Measurements;

/// <summary>
/// Records and payload bytes moved in a measured wall-clock interval, with the CPU time the server
/// process and this client process spent meanwhile.
/// </summary>
internal readonly record struct ThroughputResult(long Records, long PayloadBytes, TimeSpan Elapsed)
{
    public TimeSpan ServerCpu { get; init; }

    public TimeSpan ClientCpu { get; init; }

    public double RecordsPerSecond => Records / Elapsed.TotalSeconds;

    /// <summary>Payload throughput in MiB/s (2^20 bytes); protocol framing is not counted.</summary>
    public double MebibytesPerSecond => PayloadBytes / (1024.0 * 1024.0) / Elapsed.TotalSeconds;
}
