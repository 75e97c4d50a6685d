namespace Ambient.Bench.Gateway;

/// <summary>
/// One side's measured window: 202 answers and other answers, their rate and latency percentiles; also the 202
/// answers including the warm-up (<c>AcceptedInAll</c>), each of which must be one record in Kafka.
/// </summary>
internal sealed record LoadResult(long Accepted, long Other, long AcceptedInAll, TimeSpan Duration, double P50Ms, double P99Ms, double MaxMs, TimeSpan ProcessCpu)
{
    /// <summary>202 answers per second: the rate the sender sees work accepted.</summary>
    public double AcceptedPerSecond => Accepted / Duration.TotalSeconds;

    /// <summary>
    /// Process CPU per accepted request (load generator + servers in this process). The CPU is measured over the
    /// warm-up too, so it is divided by every 202 answered meanwhile, not only the measured window's.
    /// </summary>
    public double CpuMicrosPerRequest => AcceptedInAll == 0 ? double.NaN : ProcessCpu.TotalMilliseconds * 1000 / AcceptedInAll;
}
