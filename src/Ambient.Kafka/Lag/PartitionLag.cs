namespace Ambient.Kafka.Lag;

/// <summary>One partition's lag as KEDA's Kafka scaler counts it, with the rule that produced it.</summary>
/// <param name="Offsets">The offsets read from Kafka.</param>
/// <param name="Lag">The lag the scaler adds to its total.</param>
/// <param name="Rule">Which rule gave <paramref name="Lag"/>, in words, for the reasoning printed by <c>ambient lag</c>.</param>
public sealed record PartitionLag(PartitionOffsets Offsets, long Lag, string Rule);
