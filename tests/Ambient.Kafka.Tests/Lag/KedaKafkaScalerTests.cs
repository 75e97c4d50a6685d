using Ambient.Kafka.Lag;

namespace Ambient.Kafka.Tests.Lag;

/// <summary>
/// KEDA's kafka scaler rules, table-driven. Each expected number is worked out by hand from kafka_scaler.go
/// (getLagForPartition, getTotalLag) and the HPA's AverageValue rule: replicas = ceil(metric / lagThreshold).
/// </summary>
public sealed class KedaKafkaScalerTests
{
    [Theory]
    [InlineData(5L, 12L, OffsetResetPolicy.Latest, false, 7L)]
    [InlineData(12L, 12L, OffsetResetPolicy.Earliest, false, 0L)]
    [InlineData(null, 40L, OffsetResetPolicy.Latest, false, 1L)]
    [InlineData(null, 40L, OffsetResetPolicy.Latest, true, 0L)]
    [InlineData(null, 40L, OffsetResetPolicy.Earliest, false, 40L)]
    [InlineData(null, 40L, OffsetResetPolicy.Earliest, true, 0L)]
    [InlineData(null, 0L, OffsetResetPolicy.Latest, false, 1L)]
    public void LagOf_CommittedOrNot_FollowsKedaRule(long? committed, long end, OffsetResetPolicy policy, bool scaleToZero, long expected)
    {
        var settings = new KafkaScalerSettings { OffsetResetPolicy = policy, ScaleToZeroOnInvalidOffset = scaleToZero };

        var lag = KedaKafkaScaler.LagOf(new PartitionOffsets("t", 0, committed, end), settings);

        Assert.Equal(expected, lag.Lag);
    }

    public static TheoryData<string, long[], KafkaScalerSettings, long, long, int> Cases => new()
    {
        { "lag equal to threshold per partition", [10, 10, 10, 10], new() { LagThreshold = 10 }, 40, 40, 4 },
        { "capped at partitions", [25, 25, 25, 25], new() { LagThreshold = 10 }, 100, 40, 4 },
        { "idle consumers allowed", [25, 25, 25, 25], new() { LagThreshold = 10, AllowIdleConsumers = true }, 100, 100, 10 },
        { "idle consumers allowed, max replicas", [25, 25, 25, 25], new() { LagThreshold = 10, AllowIdleConsumers = true, MaxReplicas = 6 }, 100, 100, 6 },
        { "integer division lets one replica past the partitions", [15, 10, 10, 10], new() { LagThreshold = 10 }, 45, 45, 5 },
        { "limited to partitions with lag", [30, 0, 0, 0], new() { Topic = "t", LagThreshold = 10, LimitToPartitionsWithLag = true }, 30, 10, 1 },
        { "below activation: scale to min", [5, 0, 0, 0], new() { LagThreshold = 10, ActivationLagThreshold = 5 }, 5, 5, 0 },
        { "above activation: at least one", [5, 0, 0, 0], new() { LagThreshold = 10, ActivationLagThreshold = 4 }, 5, 5, 1 },
        { "no lag keeps min replicas", [0, 0, 0, 0], new() { LagThreshold = 10, MinReplicas = 2 }, 0, 0, 2 },
        { "min replicas floor when active", [1, 0, 0, 0], new() { LagThreshold = 10, MinReplicas = 3 }, 1, 1, 3 },
        { "no partitions at all", [], new() { LagThreshold = 10 }, 0, 0, 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decide_CommittedPartitions_MatchesKedaAndHpa(string scenario, long[] lags, KafkaScalerSettings settings, long totalLag, long metric, int replicas)
    {
        var offsets = lags.Select((lag, partition) => new PartitionOffsets("t", partition, 100, 100 + lag));

        var decision = KedaKafkaScaler.Decide(offsets, settings);

        Assert.True((totalLag, metric, replicas) == (decision.TotalLag, decision.MetricValue, decision.DesiredReplicas),
            $"{scenario}: expected total {totalLag}, metric {metric}, replicas {replicas}; got {decision.TotalLag}, {decision.MetricValue}, {decision.DesiredReplicas}\n{string.Join("\n", decision.Reasoning)}");
    }

    [Fact]
    public void Decide_FreshGroupLatest_StartsOneReplicaUnlessScaleToZero()
    {
        var fresh = Enumerable.Range(0, 4).Select(p => new PartitionOffsets("t", p, null, 500)).ToList();

        var latest = KedaKafkaScaler.Decide(fresh, new KafkaScalerSettings());
        var toZero = KedaKafkaScaler.Decide(fresh, new KafkaScalerSettings { ScaleToZeroOnInvalidOffset = true });
        var earliest = KedaKafkaScaler.Decide(fresh, new KafkaScalerSettings { OffsetResetPolicy = OffsetResetPolicy.Earliest });

        Assert.Equal((4L, true, 1), (latest.TotalLag, latest.IsActive, latest.DesiredReplicas));
        Assert.Equal((0L, false, 0), (toZero.TotalLag, toZero.IsActive, toZero.DesiredReplicas));
        Assert.Equal((2000L, 40L, 4), (earliest.TotalLag, earliest.MetricValue, earliest.DesiredReplicas));
    }

    [Theory]
    [InlineData(0L, 0L, false, false, null, "lagThreshold must be greater than 0")]
    [InlineData(10L, -1L, false, false, null, "activationLagThreshold must be 0 or more")]
    [InlineData(10L, 0L, true, true, "t", "cannot both be set")]
    [InlineData(10L, 0L, false, true, null, "limitToPartitionsWithLag needs a topic")]
    public void Decide_SettingsKedaRejects_ThrowsNamingTheSetting(long threshold, long activation, bool allowIdle, bool limitToLag, string? topic, string message)
    {
        var settings = new KafkaScalerSettings
        {
            LagThreshold = threshold, ActivationLagThreshold = activation, AllowIdleConsumers = allowIdle, LimitToPartitionsWithLag = limitToLag, Topic = topic,
        };

        var error = Assert.Throws<ArgumentException>(() => KedaKafkaScaler.Decide([], settings));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
