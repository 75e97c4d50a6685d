using System.Text.Json;
using Ambient.Abstractions.Actions;
using Ambient.Avro.Serialization;
using Ambient.Avro.Wire;
using Confluent.Kafka;

namespace Ambient.Avro.Tests;

/// <summary>Avro records through the real Confluent.Kafka producer and consumer over TCP to the broker under test.</summary>
public sealed class KafkaRoundTripTests(KafkaFixture kafka, FakeSchemaRegistry registry) : IClassFixture<KafkaFixture>, IClassFixture<FakeSchemaRegistry>
{
    // A hang guard for one poll, not a timing assertion.
    private static readonly TimeSpan s_pollLimit = TimeSpan.FromSeconds(30);

    public static TheoryData<AvroWireFormat> Formats => [AvroWireFormat.SingleObject, AvroWireFormat.Confluent];

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task ProduceConsume_ActionRecords_ArriveEqualInOrder(AvroWireFormat format)
    {
        var topic = await kafka.CreateTopicAsync("avro-actions");
        using var services = AvroServices.Build(format == AvroWireFormat.Confluent ? registry.Url : null);
        var sent = Enumerable.Range(0, 3).Select(Action).ToList();

        using (var producer = new ProducerBuilder<string, ActionRecord>(kafka.ProducerConfig())
            .SetValueSerializer((IAsyncSerializer<ActionRecord>)new AvroKafkaSerializer<ActionRecord>(services.Codec<ActionRecord>()))
            .Build())
        {
            foreach (var action in sent)
            {
                await producer.ProduceAsync(topic, new Message<string, ActionRecord> { Key = "github:o/r#42", Value = action }, TestContext.Current.CancellationToken);
            }
        }

        using var consumer = new ConsumerBuilder<string, ActionRecord>(kafka.ConsumerConfig(KafkaFixture.UniqueName("avro-reader")))
            .SetValueDeserializer(new AvroKafkaDeserializer<ActionRecord>(services.Codec<ActionRecord>()))
            .Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var received = sent.Select(_ => consumer.Consume(s_pollLimit)?.Message.Value ?? throw new TimeoutException($"Nothing more on {topic}.")).ToList();

        Assert.Equal(sent.Select(a => a.Id), received.Select(a => a.Id));
        Assert.Equal(sent.Select(a => a.Arguments.GetRawText()), received.Select(a => a.Arguments.GetRawText()));
        Assert.Equal(sent.Select(a => a with { Arguments = default }), received.Select(a => a with { Arguments = default }));
    }

    [Fact]
    public async Task Consume_CorruptRecordBetweenGoodOnes_FailsWithAvroErrorKeepingTheRawBytesAndThenContinues()
    {
        var topic = await kafka.CreateTopicAsync("avro-corrupt");
        using var services = AvroServices.Build();
        var codec = services.Codec<ActionRecord>();
        byte[] garbage = [0xC3, 0x01, 9, 9, 9, 9, 9, 9, 9, 9, 0x00];
        using (var producer = new ProducerBuilder<string, byte[]>(kafka.ProducerConfig()).Build())
        {
            foreach (var value in new[] { codec.Encode(Action(0)), garbage, codec.Encode(Action(2)) })
            {
                await producer.ProduceAsync(topic, new Message<string, byte[]> { Key = "k", Value = value }, TestContext.Current.CancellationToken);
            }
        }

        using var consumer = new ConsumerBuilder<string, ActionRecord>(kafka.ConsumerConfig(KafkaFixture.UniqueName("avro-reader")))
            .SetValueDeserializer(new AvroKafkaDeserializer<ActionRecord>(codec))
            .Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var first = consumer.Consume(s_pollLimit);
        var error = Assert.Throws<ConsumeException>(() => consumer.Consume(s_pollLimit));
        // What a dead-letter handler does: keep the raw record, move past it.
        consumer.Seek(new TopicPartitionOffset(error.ConsumerRecord.TopicPartition, error.ConsumerRecord.Offset + 1));
        var third = consumer.Consume(s_pollLimit);

        Assert.Equal(Action(0).Id, first?.Message.Value.Id);
        var avroError = Assert.IsType<AvroSerializationException>(error.InnerException);
        Assert.Equal(AvroErrorKind.UnknownFingerprint, avroError.Kind);
        Assert.Equal(garbage, error.ConsumerRecord.Message.Value);
        Assert.Equal(1, error.ConsumerRecord.Offset.Value);
        Assert.Equal(Action(2).Id, third?.Message.Value.Id);
    }

    private static ActionRecord Action(int index) => new(
        $"github-triage-00ff/1/{index}", "github-triage-00ff", "github-triage", ActionTargets.GitHub, "add_labels",
        JsonDocument.Parse($$"""{"repository":"o/r","issueNumber":42,"labels":["l{{index}}"]}""").RootElement,
        index % 2 == 0 ? "triage" : null, "evt-42", "com.github.issues.opened", new DateTimeOffset(2026, 11, 23, 9, 0, index, TimeSpan.Zero));
}
