namespace Ambient.Kafka.Lag;

/// <summary>What KEDA's Kafka scaler and the HPA would make of a consumer group's offsets right now.</summary>
/// <param name="Partitions">Each partition's lag and the rule behind it.</param>
/// <param name="TotalLag">The sum of the partitions' lag.</param>
/// <param name="UpperBound">The replica cap applied to the metric (partitions, or partitions with lag), or null when idle consumers are allowed.</param>
/// <param name="MetricValue">The external metric KEDA reports to the HPA: the total lag, capped at <c>UpperBound × lagThreshold</c>.</param>
/// <param name="IsActive">Whether the total lag exceeds <c>activationLagThreshold</c>; an inactive scaler lets KEDA scale to <c>minReplicaCount</c>.</param>
/// <param name="DesiredReplicas">The replica count asked for now.</param>
/// <param name="Reasoning">The steps from offsets to <paramref name="DesiredReplicas"/>, one sentence each.</param>
public sealed record ScaleDecision(
    IReadOnlyList<PartitionLag> Partitions,
    long TotalLag,
    long? UpperBound,
    long MetricValue,
    bool IsActive,
    int DesiredReplicas,
    IReadOnlyList<string> Reasoning);
