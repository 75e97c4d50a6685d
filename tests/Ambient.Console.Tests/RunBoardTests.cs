using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Serialization;
using Ambient.Testing;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;

namespace Ambient.Supervisor.Tests;

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

    [Fact]
    public async Task Stream_ARunWrittenWhileAPageWatches_IsPushedThenItsTombstoneAsRemoved()
    {
        await using var console = await ConsoleHarness.StartAsync(kafka);
        var codec = console.App.Services.GetRequiredService<IRecordCodec<RunHead>>();
        var now = TimeProvider.System.GetUtcNow();
        var head = new RunHead("incident-responder-00000000cafe0002", "incident-responder", "v1", new RunInput("ambient.events.cluster", 1, 3, "evt-2", "io.k8s.event.BackOff"),
            0, "reason", "running", now, now);
        using var producer = new ProducerBuilder<string, byte[]?>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build();
        using var script = console.Script(ConsoleHarness.Token);
        using var response = await script.GetAsync("/runs/stream?agent=incident-responder", HttpCompletionOption.ResponseHeadersRead, Cancellation);
        using var events = new StreamReader(await response.Content.ReadAsStreamAsync(Cancellation));
        Assert.Equal(": watching", await events.ReadLineAsync(Cancellation));

        await producer.ProduceAsync(new TopicPartition(console.Topics.Checkpoints, 1), new Message<string, byte[]?> { Key = head.RunId, Value = await codec.EncodeAsync(head, Cancellation) }, Cancellation);
        var pushed = await NextRunEventAsync(events);
        await producer.ProduceAsync(new TopicPartition(console.Topics.Checkpoints, 1), new Message<string, byte[]?> { Key = head.RunId, Value = null }, Cancellation);
        var removed = await NextRunEventAsync(events);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains($"\"runId\":\"{head.RunId}\"", pushed, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"running\",\"step\":\"0 reason\"", pushed, StringComparison.Ordinal);
        Assert.Equal($"{{\"runId\":\"{head.RunId}\",\"removed\":true}}", removed);
    }

    // The data line of the next run event (keep-alive comments skipped), within the test's time.
    private static async Task<string> NextRunEventAsync(StreamReader events)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        limit.CancelAfter(Eventually.Limit);
        while (await events.ReadLineAsync(limit.Token) is { } line)
        {
            if (line == "event: run")
            {
                var data = await events.ReadLineAsync(limit.Token);
                return data!["data: ".Length..];
            }
        }

        throw new InvalidOperationException("The stream ended.");
    }
}
