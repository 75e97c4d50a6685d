using Ambient.Abstractions.Audit;
using Ambient.Testing;
using Ambient.Testing.FakeOpenAi;
using Confluent.Kafka;

namespace Ambient.Worker.Tests;

/// <summary>Slow models: the group must not churn while a run is long, and a stopping worker must not commit unfinished work.</summary>
public sealed class LongRunTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SlowModelCall_LongerThanMaxPollInterval_NoRebalanceAndProcessedOnce()
    {
        await using var model = await FakeOpenAiServer.StartAsync(cancellationToken: Cancellation);
        model.Enqueue(FakeOpenAiReply.WithText("Thought about it for a long time.") with { Delay = TimeSpan.FromSeconds(10) });
        await using var harness = await WorkerHarness.CreateAsync(kafka, ("slow.yaml", SlowAgent(model)));
        await harness.StartWorkerAsync(new Dictionary<string, string?>
        {
            ["Ambient:Kafka:Consumer:session.timeout.ms"] = "6000",
            ["Ambient:Kafka:Consumer:max.poll.interval.ms"] = "7000",
        });
        var group = $"ambient-agent-{harness.AgentName("slow")}";
        var before = await StableMemberAsync(group);

        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "k", TestEvents.IssueOpened("{}"));
        var audit = AmbientRecordReader.Audit((await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1, Cancellation)).Single().Message.Value);
        var after = await StableMemberAsync(group);

        Assert.Equal("Thought about it for a long time.", audit.ReasoningSummary);
        Assert.Equal(before, after);
        Assert.Single(model.Requests);
    }

    [Fact]
    public async Task WorkerStopsMidRun_RunAbandonedUncommittedAndRedeliveredToTheNextWorker()
    {
        await using var model = await FakeOpenAiServer.StartAsync(cancellationToken: Cancellation);
        model.Enqueue(
            FakeOpenAiReply.WithText("never delivered") with { Delay = TimeSpan.FromSeconds(60) },
            FakeOpenAiReply.WithText("Done by the second worker."));
        await using var harness = await WorkerHarness.CreateAsync(kafka, ("slow.yaml", SlowAgent(model)));
        var settings = new Dictionary<string, string?> { ["Ambient:Consumer:DrainTimeout"] = "00:00:01" };
        var first = await harness.StartWorkerAsync(settings);

        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "k", TestEvents.IssueOpened("{}"));
        await Eventually.UntilAsync(() => model.Requests.Count == 1, Cancellation);
        await first.StopAsync(Cancellation);
        await harness.StartWorkerAsync(settings);
        var audits = await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1, Cancellation);

        var audit = AmbientRecordReader.Audit(audits.Single().Message.Value);
        Assert.Equal((RunOutcomes.Completed, "Done by the second worker."), (audit.Outcome, audit.ReasoningSummary));
        Assert.Equal(2, model.Requests.Count);
        Assert.Equal(1, TopicReader.CountAfterQuiet(kafka, harness.Topics.Audit));
    }

    private async Task<string> StableMemberAsync(string group)
    {
        using var admin = kafka.AdminClient();
        var description = await Eventually.ReadAsync(
            () => admin.DescribeConsumerGroupsAsync([group]).GetAwaiter().GetResult().ConsumerGroupDescriptions.Single(),
            d => d.State == ConsumerGroupState.Stable && d.Members.Count == 1, Cancellation);
        return description.Members.Single().ConsumerId;
    }

    private static string SlowAgent(FakeOpenAiServer model) => $"""
        name: slow
        owner: team-test
        subscriptions:
          - topic: github
        model:
          provider: openai-compatible
          endpoint: {model.Endpoint}
          modelId: slow-model
        systemPrompt: Take your time.
        """;
}
