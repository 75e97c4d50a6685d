using Ambient.Kafka.Configuration;
using Ambient.Kafka.Lag;
using Ambient.Testing;
using Confluent.Kafka;

namespace Ambient.Kafka.Tests.Lag;

/// <summary>One reader, as the console and the operator hold it: every read sees the offsets of that moment, through one admin client.</summary>
public sealed class ConsumerGroupOffsetsReaderTests(KafkaFixture kafka)
{
    [Fact]
    public async Task ReadAsync_SameReaderTwice_SeesNewRecordsAndCommits()
    {
        var topic = await kafka.CreateTopicAsync("lag-reader", partitions: 2);
        var group = $"lag-reader-{Guid.NewGuid():N}";
        using var reader = new ConsumerGroupOffsetsReader(new AmbientKafkaOptions { BootstrapServers = kafka.BootstrapServers });
        await ProduceAsync(topic, 3);

        var before = await reader.ReadAsync(group, topic, TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Commit(topic, group, partition: 0);
        await ProduceAsync(topic, 2);
        var after = await reader.ReadAsync(group, topic, TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(3, before.Sum(p => p.End));
        Assert.All(before, p => Assert.Null(p.Committed));
        Assert.Equal(5, after.Sum(p => p.End));
        Assert.Equal(1, after.Single(p => p.Partition == 0).Committed);
        Assert.Null(after.Single(p => p.Partition == 1).Committed);
    }

    [Fact]
    public async Task ReadAsync_AfterDispose_RefusedAsInvalid()
    {
        var reader = new ConsumerGroupOffsetsReader(new AmbientKafkaOptions { BootstrapServers = kafka.BootstrapServers });
        reader.Dispose();

        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => reader.ReadAsync("g", "t", TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken));
    }

    private async Task ProduceAsync(string topic, int count)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build();
        for (var i = 0; i < count; i++)
        {
            await producer.ProduceAsync(topic, new Message<string, string> { Key = $"k{i}", Value = "v" });
        }
    }

    private void Commit(string topic, string group, int partition)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = group }).Build();
        consumer.Commit([new TopicPartitionOffset(topic, partition, 1)]);
    }
}
