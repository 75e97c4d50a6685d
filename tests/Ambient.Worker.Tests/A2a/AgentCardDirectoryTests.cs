using Ambient.A2a;
using Ambient.Abstractions.A2a;
using Ambient.Avro.Serialization;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Topics;
using Ambient.Testing;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ambient.Worker.Tests.A2a;

/// <summary>The agents a worker learns from the cards topic: read whole, then followed; tombstones remove, bad cards are skipped.</summary>
public sealed class AgentCardDirectoryTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Directory_CardsTombstonesAndUnreadableRecords_KnowsTheAgentsWithACardAndWarnsOnce()
    {
        var topic = await kafka.CreateTopicAsync("cards");
        using var avro = new ServiceCollection().AddAmbientAvro(new ConfigurationBuilder().Build()).BuildServiceProvider();
        var codec = avro.GetRequiredService<AvroRecordCodec<A2aAgentCard>>();
        using var producer = new ProducerBuilder<string?, byte[]?>(kafka.ProducerConfig()).Build();
        async Task WriteAsync(string key, byte[]? value) => await producer.ProduceAsync(topic, new Message<string?, byte[]?> { Key = key, Value = value }, Cancellation);
        async Task<byte[]> CardAsync(string name) => await codec.EncodeAsync(AgentCards.CardOf(name, null, "v1", ["io.k8s.event.*"], kafka.BootstrapServers, new AmbientTopics()), Cancellation);
        await WriteAsync("responder", await CardAsync("responder"));
        await WriteAsync("triage", await CardAsync("triage"));
        await WriteAsync("triage", null);
        await WriteAsync("broken", [0xC3, 0x01, 1, 2, 3]);
        await WriteAsync("impostor", await CardAsync("someone-else"));
        using var logs = new CollectingLoggerProvider(LogLevel.Warning);
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs));
        using var directory = new AgentCardDirectory(topic, new AmbientKafkaOptions { BootstrapServers = kafka.BootstrapServers }, codec,
            loggers.CreateLogger<AgentCardDirectory>());

        await directory.StartAsync(Cancellation);
        await directory.CaughtUp.WaitAsync(Cancellation);
        var atStart = directory.Agents.Order(StringComparer.Ordinal).ToList();
        await WriteAsync("helper", await CardAsync("helper"));
        await WriteAsync("responder", null);
        await Eventually.UntilAsync(() => directory.Contains("helper") && !directory.Contains("responder"), Cancellation);
        await directory.StopAsync(Cancellation);

        Assert.Equal(["responder"], atStart);
        Assert.Equal(["helper"], directory.Agents);
        var warning = Assert.Single(logs.Entries, e => e.Category == typeof(AgentCardDirectory).FullName);
        Assert.Contains("broken", warning.Message, StringComparison.Ordinal);
    }
}
