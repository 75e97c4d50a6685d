namespace Ambient.Bench.Measurements;

/// <summary>Produce→consume latency percentiles of one phase, in milliseconds.</summary>
internal readonly record struct LatencyResult(int Samples, double P50Ms, double P99Ms, double MaxMs);
