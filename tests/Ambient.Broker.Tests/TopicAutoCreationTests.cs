using ApiKey = Ambient.Broker.Protocol.ApiKey;
using Ambient.Broker.Tests.Protocol;
using Ambient.Testing;
using Confluent.Kafka;

namespace Ambient.Broker.Tests;

public sealed class TopicAutoCreationTests(KafkaFixture kafka)
{
    [Fact]
    public async Task Produce_UnknownTopic_CreatedWithDefaultPartitions()
    {
        var topic = KafkaFixture.UniqueName("auto");
        using var producer = new ProducerBuilder<Null, string>(kafka.ProducerConfig()).Build();

        var delivered = await producer.ProduceAsync(topic, new Message<Null, string> { Value = "first" }, TestContext.Current.CancellationToken);
        using var admin = kafka.AdminClient();

        Assert.Equal(0, delivered.Offset.Value);
        Assert.Single(admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions);
    }

    [Fact]
    public async Task Produce_UnknownTopicWithAutoCreationOff_FailsWithUnknownTopic()
    {
        kafka.RequireEmbedded("it starts a broker with --no-auto-create");
        await using var broker = await EmbeddedBrokers.StartAsync(TestDirectories.Create("no-auto"), configure: o => o.AutoCreateTopics = false);
        var config = new ProducerConfig { BootstrapServers = broker.BootstrapServers, MessageTimeoutMs = 3000 };
        using var producer = new ProducerBuilder<Null, string>(config).Build();

        var error = await Assert.ThrowsAsync<ProduceException<Null, string>>(() =>
            producer.ProduceAsync("never-created", new Message<Null, string> { Value = "x" }, TestContext.Current.CancellationToken));
        using var raw = await RawKafkaConnection.ConnectAsync(broker.Endpoint);
        var metadata = await raw.RequestAsync(ApiKey.Metadata, 4, w =>
        {
            RawRequests.Metadata("never-created")(w);
            w.WriteBoolean(true); // the client allows auto-creation; the broker does not
        });
        metadata.ReadInt32(); // throttle
        metadata.ReadArray(b => (b.ReadInt32(), b.ReadString(), b.ReadInt32(), b.ReadNullableString()));
        metadata.ReadNullableString(); // cluster id
        metadata.ReadInt32(); // controller
        var topicError = metadata.ReadArray(t =>
        {
            var code = (Broker.Protocol.ErrorCode)t.ReadInt16();
            t.ReadString();
            t.ReadBoolean();
            t.ReadArrayLength();
            return code;
        }).Single();

        // librdkafka waits for the topic to appear until the message times out, then reports either error.
        Assert.Contains(error.Error.Code, new[] { ErrorCode.UnknownTopicOrPart, ErrorCode.Local_UnknownTopic, ErrorCode.Local_MsgTimedOut });
        Assert.Equal(Broker.Protocol.ErrorCode.UnknownTopicOrPartition, topicError);
        Assert.False(Directory.Exists(Path.Combine(broker.DataDirectory, "topics", "never-created")));
    }
}
