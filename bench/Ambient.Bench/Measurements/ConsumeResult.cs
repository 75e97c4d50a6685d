namespace Ambient.Bench.Measurements;

/// <summary>
/// A consume phase: throughput from the first record delivered to the last (and the final
/// commit/ack), and, apart from it, how long the consumer took from subscribing to its first record.
/// </summary>
internal readonly record struct ConsumeResult(ThroughputResult Throughput, TimeSpan TimeToFirstRecord);
