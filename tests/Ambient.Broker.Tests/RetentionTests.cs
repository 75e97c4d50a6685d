using Ambient.Testing;
using Confluent.Kafka;

namespace Ambient.Broker.Tests;

public sealed class RetentionTests(KafkaFixture kafka)
{
    // The old records carry timestamps two hours back and the retention is an hour, so they expire at once while
    // the fresh record cannot expire during the test (a short retention would race the reads that look for it).
    [Fact]
    public async Task Retention_ByTime_OldSegmentsRemovedAndConsumersResetToEarliest()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var topic = await kafka.CreateTopicAsync("retention-time", configs: new() { ["retention.ms"] = "3600000", ["segment.ms"] = "100" });
        using var producer = new ProducerBuilder<Null, string>(kafka.ProducerConfig()).Build();
        var twoHoursAgo = new Timestamp(TimeProvider.System.GetUtcNow().AddHours(-2));
        for (var i = 0; i < 100; i++)
        {
            producer.Produce(topic, new Message<Null, string> { Value = $"old-{i}", Timestamp = twoHoursAgo });
        }

        producer.Flush(cancellation);
        var emptied = await Eventually.ReadAsync(() => Watermarks(topic), w => w.Low.Value == 100, cancellation);
        Assert.Equal(100, emptied.High.Value);

        var fresh = await producer.ProduceAsync(topic, new Message<Null, string> { Value = "fresh" }, cancellation);
        Assert.Equal(100, fresh.Offset.Value);
        using var consumer = new ConsumerBuilder<Ignore, string>(kafka.ConsumerConfig(KafkaFixture.UniqueName("late"))).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, 0));
        var first = consumer.Consume(TimeSpan.FromSeconds(20));
        Assert.Equal(("fresh", 100L), (first?.Message.Value, first?.Offset.Value ?? -1));
        Assert.Equal(100, Watermarks(topic).Low.Value);
    }

    [Fact]
    public async Task Retention_QuietTopic_ExpiredActiveSegmentRolledAndRemoved()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var topic = await kafka.CreateTopicAsync("retention-quiet", configs: new() { ["retention.ms"] = "500" });
        using var producer = new ProducerBuilder<Null, string>(kafka.ProducerConfig()).Build();
        for (var i = 0; i < 10; i++)
        {
            producer.Produce(topic, new Message<Null, string> { Value = $"expires-{i}" });
        }

        producer.Flush(cancellation);

        var watermarks = await Eventually.ReadAsync(() => Watermarks(topic), w => w.Low.Value == 10, cancellation);
        Assert.Equal(10, watermarks.High.Value);
    }

    [Fact]
    public async Task Retention_BySize_KeepsNewestSegmentsWithinLimit()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var topic = await kafka.CreateTopicAsync("retention-size", configs: new() { ["retention.bytes"] = "3000", ["segment.ms"] = "50" });
        using var producer = new ProducerBuilder<Null, byte[]>(kafka.ProducerConfig()).Build();
        for (var batch = 0; batch < 8; batch++)
        {
            await producer.ProduceAsync(topic, new Message<Null, byte[]> { Value = new byte[1000] }, cancellation);
            await Task.Delay(80, cancellation);
        }

        var low = await Eventually.ReadAsync(() => Watermarks(topic).Low.Value, value => value >= 5, cancellation);
        Assert.InRange(low, 5, 7);
        Assert.Equal(8, Watermarks(topic).High.Value);
    }

    private WatermarkOffsets Watermarks(string topic)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(kafka.ConsumerConfig(KafkaFixture.UniqueName("watermarks"))).Build();
        return consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(10));
    }
}
