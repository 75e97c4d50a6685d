using System.Text;
using Ambient.Testing;
using Confluent.Kafka;

namespace Ambient.Cli.Tests;

public sealed class RunsCommandTests
{
    [Fact]
    public async Task RunsList_UnreadableCheckpoint_NamedOnStderrDeadLetteredAndSkipped()
    {
        var directory = TestDirectories.Create("cli-runs-bad");
        await using var broker = await EmbeddedBrokers.StartAsync(directory);
        var (initialized, init) = await TopicsCommandTests.RunAsync(directory, "topics", "init", "--bootstrap", broker.BootstrapServers);
        Assert.True(initialized == 0, init);
        byte[] unknownFingerprint = [0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0x02, 0x41];
        using (var producer = new ProducerBuilder<string?, byte[]>(new ProducerConfig { BootstrapServers = broker.BootstrapServers }).Build())
        {
            await producer.ProduceAsync(new TopicPartition("ambient.checkpoints", 0),
                new Message<string?, byte[]> { Key = "github-triage-00000000deadbeef", Value = unknownFingerprint }, TestContext.Current.CancellationToken);
        }

        var (exit, output) = await TopicsCommandTests.RunAsync(directory, "runs", "list", "--bootstrap", broker.BootstrapServers);
        var dead = ReadOne(broker.BootstrapServers, "ambient.dlq");

        Assert.True(exit == 0, output);
        Assert.Contains("skipped an unreadable record of ambient.checkpoints/0 at offset 0 (key github-triage-00000000deadbeef): UnknownFingerprint", output, StringComparison.Ordinal);
        Assert.Contains("0 runs", output, StringComparison.Ordinal);
        Assert.Equal(Convert.ToHexString(unknownFingerprint), Convert.ToHexString(dead.Message.Value));
        Assert.Equal("UnknownFingerprint", Header(dead, "ambient-dlq-error-kind"));
        Assert.Equal(("ambient.checkpoints", "0", "0"), (Header(dead, "ambient-dlq-original-topic"), Header(dead, "ambient-dlq-original-partition"), Header(dead, "ambient-dlq-original-offset")));
    }

    private static ConsumeResult<string?, byte[]> ReadOne(string bootstrap, string topic)
    {
        using var consumer = new ConsumerBuilder<string?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap, GroupId = $"read-{Guid.NewGuid():N}", AutoOffsetReset = AutoOffsetReset.Earliest, EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(topic);
        return consumer.Consume(TimeSpan.FromSeconds(30)) ?? throw new InvalidOperationException($"Nothing on {topic} within 30 s.");
    }

    private static string? Header(ConsumeResult<string?, byte[]> record, string name) =>
        record.Message.Headers.TryGetLastBytes(name, out var value) ? Encoding.UTF8.GetString(value) : null;
}
