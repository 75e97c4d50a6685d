namespace Ambient.Kafka.Lag;

/// <summary>
/// KEDA's <c>kafka</c> scaler arithmetic (kedacore/keda <c>pkg/scalers/kafka_scaler.go</c>, <c>getLagForPartition</c> and
/// <c>getTotalLag</c>) followed by the HPA's rule for an <c>AverageValue</c> external metric, so users can predict a
/// scaling decision from offsets. Pure: the offsets are read elsewhere (<see cref="ConsumerGroupOffsetsReader"/>).
/// Not modelled: <c>excludePersistentLag</c> (needs the previous poll), <c>partitionLimitation</c>,
/// <c>ensureEvenDistributionOfPartitions</c>, and the HPA's 10 % tolerance and stabilisation windows.
/// </summary>
public static class KedaKafkaScaler
{
    /// <summary>One partition's lag, by KEDA's rules for a missing committed offset.</summary>
    public static PartitionLag LagOf(PartitionOffsets offsets, KafkaScalerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(settings);
        if (offsets.Committed is { } committed)
        {
            return new PartitionLag(offsets, offsets.End - committed, $"end {offsets.End} - committed {committed}");
        }

        if (settings.ScaleToZeroOnInvalidOffset)
        {
            return new PartitionLag(offsets, 0, "no committed offset, scaleToZeroOnInvalidOffset: 0");
        }

        return settings.OffsetResetPolicy == OffsetResetPolicy.Latest
            ? new PartitionLag(offsets, 1, "no committed offset, offsetResetPolicy latest: 1")
            : new PartitionLag(offsets, offsets.End, $"no committed offset, offsetResetPolicy earliest: end offset {offsets.End}");
    }

    /// <summary>The scaler's metric and activity for <paramref name="offsets"/>, and the replicas the HPA would then want.</summary>
    /// <exception cref="ArgumentException"><paramref name="settings"/> has problems (see <see cref="KafkaScalerSettings.Problems"/>).</exception>
    public static ScaleDecision Decide(IEnumerable<PartitionOffsets> offsets, KafkaScalerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(settings));
        }

        var partitions = offsets.Select(o => LagOf(o, settings)).ToList();
        var totalLag = partitions.Sum(p => p.Lag);
        var reasoning = new List<string>
        {
            $"total lag {totalLag} over {partitions.Count} partition(s) of {DescribeTopics(partitions, settings)}.",
        };

        long? upperBound = null;
        var metric = totalLag;
        if (!settings.AllowIdleConsumers || settings.LimitToPartitionsWithLag)
        {
            upperBound = settings.LimitToPartitionsWithLag ? partitions.Count(p => p.Lag > 0) : partitions.Count;
            var boundName = settings.LimitToPartitionsWithLag ? "partitions with lag" : "partitions";

            // Integer division, as KEDA does: a total lag just under (bound + 1) × threshold is not capped.
            if (totalLag / settings.LagThreshold > upperBound)
            {
                metric = upperBound.Value * settings.LagThreshold;
                reasoning.Add($"capped at {upperBound} {boundName} × lagThreshold {settings.LagThreshold} = {metric}, so no replica would sit idle.");
            }
            else
            {
                reasoning.Add($"{totalLag} / lagThreshold {settings.LagThreshold} = {totalLag / settings.LagThreshold} (integer division) is not above {upperBound} {boundName}: no cap.");
            }
        }
        else
        {
            reasoning.Add("allowIdleConsumers: the metric is not capped at the partition count.");
        }

        var isActive = totalLag > settings.ActivationLagThreshold;
        int desired;
        if (!isActive)
        {
            desired = settings.MinReplicas;
            reasoning.Add($"inactive: total lag {totalLag} is not above activationLagThreshold {settings.ActivationLagThreshold}, so KEDA scales to minReplicaCount {desired}.");
        }
        else
        {
            // The HPA's AverageValue rule: replicas = ceil(metric / target), within [max(min, 1), max].
            var wanted = metric <= 0 ? 0 : (metric + settings.LagThreshold - 1) / settings.LagThreshold;
            var floor = Math.Max(settings.MinReplicas, 1);
            desired = (int)Math.Clamp(wanted, floor, settings.MaxReplicas);
            reasoning.Add($"active: total lag {totalLag} is above activationLagThreshold {settings.ActivationLagThreshold}.");
            reasoning.Add($"HPA: ceil(metric {metric} / lagThreshold {settings.LagThreshold}) = {wanted}, kept within [{floor}, maxReplicaCount {settings.MaxReplicas}] = {desired}.");
        }

        return new ScaleDecision(partitions, totalLag, upperBound, metric, isActive, desired, reasoning);
    }

    private static string DescribeTopics(List<PartitionLag> partitions, KafkaScalerSettings settings) =>
        settings.Topic is { Length: > 0 } topic
            ? $"topic {topic}"
            : $"the group's committed topics ({string.Join(", ", partitions.Select(p => p.Offsets.Topic).Distinct(StringComparer.Ordinal).DefaultIfEmpty("none"))})";
}
