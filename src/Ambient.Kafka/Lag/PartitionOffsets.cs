namespace Ambient.Kafka.Lag;

/// <summary>What KEDA's Kafka scaler reads for one partition: the group's committed offset and the partition's end offset.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition.</param>
/// <param name="Committed">The group's committed offset, or null when the group has none for this partition.</param>
/// <param name="End">The end offset (high watermark: the offset the next record will get).</param>
public sealed record PartitionOffsets(string Topic, int Partition, long? Committed, long End);
