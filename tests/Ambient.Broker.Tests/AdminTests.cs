using Ambient.Testing;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Ambient.Broker.Tests;

public sealed class AdminTests(KafkaFixture kafka)
{
    [Fact]
    public async Task CreateTopic_WithConfigs_DescribedWithSourceAndListedInMetadata()
    {
        var topic = await kafka.CreateTopicAsync("admin", partitions: 4, configs: new() { ["cleanup.policy"] = "compact", ["retention.ms"] = "3600000" });
        using var admin = kafka.AdminClient();

        var described = await admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Topic, Name = topic }]);
        var entries = described.Single().Entries;
        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10));

        Assert.Equal(("compact", ConfigSource.DynamicTopicConfig), (entries["cleanup.policy"].Value, entries["cleanup.policy"].Source));
        Assert.Equal("3600000", entries["retention.ms"].Value);
        Assert.Equal(ConfigSource.DefaultConfig, entries["segment.bytes"].Source);
        Assert.Equal(4, metadata.Topics.Single().Partitions.Count);
        Assert.All(metadata.Topics.Single().Partitions, p => Assert.Equal(metadata.Brokers.Single().BrokerId, p.Leader));
    }

    [Fact]
    public async Task CreateTopic_Invalid_ClearErrorsPerTopic()
    {
        using var admin = kafka.AdminClient();
        var existing = await kafka.CreateTopicAsync("exists");
        var badConfig = KafkaFixture.UniqueName("badconfig");
        var badName = "bad name!";

        var error = await Assert.ThrowsAsync<CreateTopicsException>(() => admin.CreateTopicsAsync(
        [
            new TopicSpecification { Name = existing, NumPartitions = 1, ReplicationFactor = 1 },
            new TopicSpecification { Name = badConfig, NumPartitions = 1, ReplicationFactor = 1, Configs = new() { ["cleanup.policy"] = "shred" } },
            new TopicSpecification { Name = badName, NumPartitions = 1, ReplicationFactor = 1 },
        ]));

        var byName = error.Results.ToDictionary(r => r.Topic, r => r.Error);
        Assert.Equal(ErrorCode.TopicAlreadyExists, byName[existing].Code);
        Assert.Equal(ErrorCode.InvalidConfig, byName[badConfig].Code);
        Assert.Contains("cleanup.policy", byName[badConfig].Reason, StringComparison.Ordinal);
        Assert.Equal(ErrorCode.TopicException, byName[badName].Code);
    }

    [Fact]
    public async Task DeleteTopic_RemovedFromMetadataAndNameReusable()
    {
        var topic = await kafka.CreateTopicAsync("delete");
        using var producer = new ProducerBuilder<Null, string>(kafka.ProducerConfig()).Build();
        await producer.ProduceAsync(topic, new Message<Null, string> { Value = "gone soon" }, TestContext.Current.CancellationToken);
        using var admin = kafka.AdminClient();

        await admin.DeleteTopicsAsync([topic]);
        var listed = await Eventually.ReadAsync(
            () => admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.Select(t => t.Topic).ToList(),
            names => !names.Contains(topic), TestContext.Current.CancellationToken);
        await Eventually.ReadAsync(() => TryCreate(admin, topic), created => created, TestContext.Current.CancellationToken);
        using var consumer = new ConsumerBuilder<Ignore, string>(kafka.ConsumerConfig(KafkaFixture.UniqueName("deleted"))).Build();
        var watermarks = consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(10));

        Assert.DoesNotContain(topic, listed);
        Assert.Equal((0, 0), (watermarks.Low.Value, watermarks.High.Value));
    }

    [Fact]
    public async Task ConsumerGroup_DescribedAndListedWithCommittedOffsetsAndLag()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var topic = await kafka.CreateTopicAsync("lag", partitions: 3);
        using (var producer = new ProducerBuilder<Null, string>(kafka.ProducerConfig()).Build())
        {
            for (var i = 0; i < 30; i++)
            {
                producer.Produce(new TopicPartition(topic, i % 3), new Message<Null, string> { Value = $"{i}" });
            }

            producer.Flush(cancellation);
        }

        var groupId = KafkaFixture.UniqueName("lag");
        using var consumer = new ConsumerBuilder<Ignore, string>(kafka.ConsumerConfig(groupId)).Build();
        consumer.Subscribe(topic);
        await Eventually.UntilAsync(() => consumer.Consume(TimeSpan.FromMilliseconds(100)) is not null && consumer.Assignment.Count == 3, cancellation);
        consumer.Commit([new TopicPartitionOffset(topic, 0, 10), new TopicPartitionOffset(topic, 1, 4)]);
        using var admin = kafka.AdminClient();

        var listed = await admin.ListConsumerGroupsAsync();
        var description = (await admin.DescribeConsumerGroupsAsync([groupId])).ConsumerGroupDescriptions.Single();
        var committed = (await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(groupId, null)])).Single().Partitions;
        var ends = (await admin.ListOffsetsAsync(Enumerable.Range(0, 3).Select(p => new TopicPartitionOffsetSpec
        {
            TopicPartition = new TopicPartition(topic, p),
            OffsetSpec = OffsetSpec.Latest(),
        }))).ResultInfos.ToDictionary(r => r.TopicPartitionOffsetError.Partition.Value, r => r.TopicPartitionOffsetError.Offset.Value);
        var lag = committed.ToDictionary(c => c.Partition.Value, c => ends[c.Partition.Value] - c.Offset.Value);

        Assert.Contains(listed.Valid, g => g.GroupId == groupId);
        Assert.Equal(ConsumerGroupState.Stable, description.State);
        Assert.Equal(3, description.Members.Single().Assignment.TopicPartitions.Count);
        Assert.Equal(new Dictionary<int, long> { [0] = 0, [1] = 6 }, lag);
        Assert.Equal(Offset.Unset, consumer.Committed([new TopicPartition(topic, 2)], TimeSpan.FromSeconds(10)).Single().Offset);
    }

    private static bool TryCreate(IAdminClient admin, string topic)
    {
        try
        {
            admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 1, ReplicationFactor = 1 }]).GetAwaiter().GetResult();
            return true;
        }
        catch (CreateTopicsException ex) when (ex.Results.Single().Error.Code == ErrorCode.TopicAlreadyExists)
        {
            return false; // a real broker deletes asynchronously
        }
    }
}
