namespace Ambient.Kafka.Lag;

/// <summary>
/// The <c>kafka</c> trigger metadata of a KEDA ScaledObject that decide its replica count, with KEDA's defaults,
/// plus the ScaledObject's replica bounds.
/// </summary>
public sealed record KafkaScalerSettings
{
    /// <summary>KEDA's default <c>maxReplicaCount</c>.</summary>
    public const int DefaultMaxReplicas = 100;

    /// <summary>The topic (<c>topic</c>); null means every topic the group has committed offsets for.</summary>
    public string? Topic { get; init; }

    /// <summary><c>lagThreshold</c>: the target lag per replica (default 10, must be positive).</summary>
    public long LagThreshold { get; init; } = 10;

    /// <summary><c>activationLagThreshold</c>: the scaler is active (scales from zero) only when the total lag exceeds it (default 0).</summary>
    public long ActivationLagThreshold { get; init; }

    /// <summary><c>offsetResetPolicy</c> (default latest).</summary>
    public OffsetResetPolicy OffsetResetPolicy { get; init; } = OffsetResetPolicy.Latest;

    /// <summary><c>allowIdleConsumers</c>: do not cap replicas at the partition count.</summary>
    public bool AllowIdleConsumers { get; init; }

    /// <summary><c>limitToPartitionsWithLag</c>: cap replicas at the partitions that have lag (needs a topic).</summary>
    public bool LimitToPartitionsWithLag { get; init; }

    /// <summary><c>scaleToZeroOnInvalidOffset</c>: an uncommitted partition counts lag 0 instead of 1 (latest) or its end offset (earliest).</summary>
    public bool ScaleToZeroOnInvalidOffset { get; init; }

    /// <summary>The ScaledObject's <c>minReplicaCount</c> (default 0).</summary>
    public int MinReplicas { get; init; }

    /// <summary>The ScaledObject's <c>maxReplicaCount</c> (default 100).</summary>
    public int MaxReplicas { get; init; } = DefaultMaxReplicas;

    /// <summary>Why these settings would be rejected by KEDA (or make no sense), one message per problem; empty when valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (LagThreshold <= 0)
        {
            problems.Add($"lagThreshold must be greater than 0, not {LagThreshold}.");
        }

        if (ActivationLagThreshold < 0)
        {
            problems.Add($"activationLagThreshold must be 0 or more, not {ActivationLagThreshold}.");
        }

        if (LimitToPartitionsWithLag && AllowIdleConsumers)
        {
            problems.Add("limitToPartitionsWithLag and allowIdleConsumers cannot both be set.");
        }

        if (LimitToPartitionsWithLag && string.IsNullOrEmpty(Topic))
        {
            problems.Add("limitToPartitionsWithLag needs a topic.");
        }

        if (MinReplicas < 0 || MaxReplicas < 1 || MinReplicas > MaxReplicas)
        {
            problems.Add($"replica bounds must satisfy 0 <= minReplicaCount <= maxReplicaCount and maxReplicaCount >= 1, not {MinReplicas}..{MaxReplicas}.");
        }

        return problems;
    }
}
