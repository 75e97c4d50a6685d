using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Serialization;
using Ambient.Testing;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;

namespace Ambient.Console.Tests;

/// <summary>The run list is materialised from the checkpoints topic: a head written there (real Avro bytes) shows up, a tombstone removes it.</summary>
public sealed class RunBoardTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunHead_OnTheCheckpointsTopic_IsListedFilterableAndGoneAfterItsTombstone()
    {
        await using var console = await ConsoleHarness.StartAsync(kafka);
        var codec = console.App.Services.GetRequiredService<IRecordCodec<RunHead>>();
        var now = TimeProvider.System.GetUtcNow();
        var head = new RunHead("github-triage-00000000cafe0001", "github-triage", "v1", new RunInput("ambient.events.github", 0, 7, "evt-1", "com.github.issues.opened"),
            2, "act", "succeeded", now.AddSeconds(-3), now, Outcome: "completed");
        using var producer = new ProducerBuilder<string, byte[]?>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build();
        using var script = console.Script(ConsoleHarness.ReadOnlyToken);

        await producer.ProduceAsync(new TopicPartition(console.Topics.Checkpoints, 0), new Message<string, byte[]?> { Key = head.RunId, Value = await codec.EncodeAsync(head, Cancellation) }, Cancellation);
        await Eventually.UntilAsync(async () => (await script.GetStringAsync("/runs", Cancellation)).Contains(head.RunId, StringComparison.Ordinal), Cancellation);
        var listed = await script.GetStringAsync("/runs", Cancellation);
        var otherAgent = await script.GetStringAsync("/runs?agent=incident-responder", Cancellation);
        var overview = await script.GetStringAsync("/", Cancellation);
        await producer.ProduceAsync(new TopicPartition(console.Topics.Checkpoints, 0), new Message<string, byte[]?> { Key = head.RunId, Value = null }, Cancellation);
        await Eventually.UntilAsync(async () => !(await script.GetStringAsync("/runs", Cancellation)).Contains(head.RunId, StringComparison.Ordinal), Cancellation);
        var gone = await script.GetStringAsync("/runs", Cancellation);

        Assert.Contains("<td>succeeded (completed)</td><td>2 act</td>", listed, StringComparison.Ordinal);
        Assert.Contains("<td>com.github.issues.opened</td>", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(head.RunId, otherAgent, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/runs?agent=github-triage\">github-triage</a>", overview, StringComparison.Ordinal);
        Assert.Contains("0 runs, newest first", gone, StringComparison.Ordinal);
    }
}
