using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Ambient.Abstractions.Processing;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Producers;
using Ambient.Kafka.Tracing;
using Ambient.Testing;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ambient.Kafka.Tests;

public sealed class KafkaRecordPublisherTests(KafkaFixture kafka)
{
    [Fact]
    public async Task PublishAsync_KeyedRecordWithHeaders_AcknowledgedWhereItReturns()
    {
        var topic = await kafka.CreateTopicAsync("publish", partitions: 3);
        using var publisher = Publisher(kafka.BootstrapServers);
        var headers = new Dictionary<string, string> { ["ambient-action-target"] = "github", ["ambient-run"] = "triage-0f3a" };

        var at = await publisher.PublishAsync(new OutgoingRecord(topic, "github:o/r#1", "{\"op\":\"add_labels\"}"u8.ToArray(), headers), TestContext.Current.CancellationToken);
        var consumed = Records.ReadAt(kafka, at.Topic, at.Partition, at.Offset);

        Assert.Equal(topic, at.Topic);
        Assert.Equal("github:o/r#1", consumed.Message.Key);
        Assert.Equal("{\"op\":\"add_labels\"}", Encoding.UTF8.GetString(consumed.Message.Value));
        Assert.Equal([("ambient-action-target", "github"), ("ambient-run", "triage-0f3a")], Records.HeaderTexts(consumed.Message.Headers).Where(h => h.Key.StartsWith("ambient-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task PublishAsync_WithCurrentActivity_InjectsItsTraceContext()
    {
        var topic = await kafka.CreateTopicAsync("publish-trace");
        using var publisher = Publisher(kafka.BootstrapServers);
        using var activity = new Activity("publish-test").SetIdFormat(ActivityIdFormat.W3C).Start();

        var at = await publisher.PublishAsync(new OutgoingRecord(topic, null, "x"u8.ToArray(), new Dictionary<string, string>()), TestContext.Current.CancellationToken);
        var consumed = Records.ReadAt(kafka, at.Topic, at.Partition, at.Offset);

        Assert.True(KafkaTraceContext.TryExtract(consumed.Message.Headers, out var context));
        Assert.Equal(activity.TraceId, context.TraceId);
        Assert.Equal(activity.SpanId, context.SpanId);
    }

    [Fact]
    public async Task PublishAsync_RecordCarriesTraceparent_KeepsIt()
    {
        const string Forwarded = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        var topic = await kafka.CreateTopicAsync("publish-forward");
        using var publisher = Publisher(kafka.BootstrapServers);
        using var activity = new Activity("publish-test").SetIdFormat(ActivityIdFormat.W3C).Start();

        var at = await publisher.PublishAsync(
            new OutgoingRecord(topic, null, "x"u8.ToArray(), new Dictionary<string, string> { ["traceparent"] = Forwarded }), TestContext.Current.CancellationToken);
        var consumed = Records.ReadAt(kafka, at.Topic, at.Partition, at.Offset);

        Assert.Equal([("traceparent", Forwarded)], Records.HeaderTexts(consumed.Message.Headers));
    }

    [Fact]
    public async Task PublishAsync_RecordOptsOutOfTraceContext_WritesOnlyItsOwnHeaders()
    {
        var topic = await kafka.CreateTopicAsync("publish-untraced");
        using var publisher = Publisher(kafka.BootstrapServers);
        using var activity = new Activity("publish-test").SetIdFormat(ActivityIdFormat.W3C).Start();

        var at = await publisher.PublishAsync(
            new OutgoingRecord(topic, null, "x"u8.ToArray(), new Dictionary<string, string> { ["content-type"] = "avro/binary" }) { CarriesTraceContext = false },
            TestContext.Current.CancellationToken);
        var consumed = Records.ReadAt(kafka, at.Topic, at.Partition, at.Offset);

        Assert.Equal([("content-type", "avro/binary")], Records.HeaderTexts(consumed.Message.Headers));
    }

    [Fact]
    public async Task PublishAsync_EmptyValue_WritesRecordWithoutValue()
    {
        var topic = await kafka.CreateTopicAsync("publish-tombstone");
        using var publisher = Publisher(kafka.BootstrapServers);

        var at = await publisher.PublishAsync(new OutgoingRecord(topic, "gone", ReadOnlyMemory<byte>.Empty, new Dictionary<string, string>()), TestContext.Current.CancellationToken);
        var consumed = Records.ReadAt(kafka, at.Topic, at.Partition, at.Offset);

        Assert.Equal("gone", consumed.Message.Key);
        Assert.Null(consumed.Message.Value);
    }

    [Fact]
    public async Task PublishAsync_SliceOfLargerBuffer_WritesOnlyTheSlice()
    {
        var topic = await kafka.CreateTopicAsync("publish-slice");
        using var publisher = Publisher(kafka.BootstrapServers);
        var buffer = "[payload]"u8.ToArray();

        var at = await publisher.PublishAsync(new OutgoingRecord(topic, null, buffer.AsMemory(1, 7), new Dictionary<string, string>()), TestContext.Current.CancellationToken);

        Assert.Equal("payload", Encoding.UTF8.GetString(Records.ReadAt(kafka, at.Topic, at.Partition, at.Offset).Message.Value));
    }

    [Fact]
    public async Task PublishAsync_UnreachableBroker_ThrowsNamingTopic()
    {
        using var publisher = Publisher($"127.0.0.1:{UnusedPort()}", producer => producer["message.timeout.ms"] = "1000");

        var error = await Assert.ThrowsAsync<KafkaOperationException>(() =>
            publisher.PublishAsync(new OutgoingRecord("ambient.nowhere", "k1", "x"u8.ToArray(), new Dictionary<string, string>()), TestContext.Current.CancellationToken));

        Assert.Contains("Could not publish to topic 'ambient.nowhere' (key 'k1')", error.Message, StringComparison.Ordinal);
        Assert.Equal(["ambient.nowhere"], error.Topics);
        Assert.False(error.IsFatal);
        Assert.IsType<ProduceException<string?, byte[]>>(error.InnerException);
    }

    [Fact]
    public void Constructor_UnknownProducerSetting_ThrowsNamingSection()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Publisher(kafka.BootstrapServers, producer => producer["no.such.setting"] = "1"));

        Assert.StartsWith("Ambient:Kafka:Producer is invalid:", error.Message, StringComparison.Ordinal);
        Assert.Contains("no.such.setting", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProducerConfig_Defaults_IdempotentAcksAllSmallLinger()
    {
        var options = new AmbientKafkaOptions { BootstrapServers = "b:9092", ClientId = "worker" };
        options.Producer["compression.type"] = "zstd";

        var config = KafkaClientConfigs.Producer(options);

        Assert.True(config.EnableIdempotence);
        Assert.Equal(Acks.All, config.Acks);
        Assert.Equal(1, config.LingerMs);
        Assert.Equal(CompressionType.Zstd, config.CompressionType);
        Assert.Equal("b:9092", config.BootstrapServers);
        Assert.Equal("worker", config.ClientId);
    }

    [Fact]
    public void ProducerConfig_LingerConfigured_KeepsIt()
    {
        var options = new AmbientKafkaOptions { DefaultLingerMs = 0.3 };
        options.Producer["linger.ms"] = "50";

        Assert.Equal(50, KafkaClientConfigs.Producer(options).LingerMs);
    }

    [Fact]
    public void ProducerConfig_HostDefaultLinger_UsedWhenNoneConfigured()
    {
        Assert.Equal(0.3, KafkaClientConfigs.Producer(new AmbientKafkaOptions { DefaultLingerMs = 0.3 }).LingerMs);
    }

    private static KafkaRecordPublisher Publisher(string bootstrapServers, Action<IDictionary<string, string>>? producer = null)
    {
        var options = new AmbientKafkaOptions { BootstrapServers = bootstrapServers };
        producer?.Invoke(options.Producer);
        return new KafkaRecordPublisher(Options.Create(options), NullLogger<KafkaRecordPublisher>.Instance);
    }

    internal static int UnusedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
