using Ambient.Abstractions.Audit;
using Ambient.Testing;
using Ambient.Testing.FakeOpenAi;

namespace Ambient.Worker.Tests;

/// <summary>
/// The dead-letter topic gets only records that cannot be processed: never one whose processing waits for a dependency
/// (the model endpoint here; Kafka, a topic or the Schema Registry alike). Such a record waits, and is processed once the
/// dependency is back.
/// </summary>
public sealed class DependencyOutageTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Worker_ModelEndpointUnavailablePastMaxAttempts_EventWaitsIsNotDeadLetteredAndIsProcessedWhenItIsBack()
    {
        var payload = TestEvents.IssueOpenedPayload();
        await using var model = await FakeOpenAiServer.StartAsync(cancellationToken: Cancellation);
        var agent = FakeModelAgents.Yaml("llm-triage", model.Endpoint, rest: "tools: []");
        await using var harness = await WorkerHarness.CreateAsync(kafka, ("llm-triage.yaml", agent));
        // The endpoint is down for the first twelve requests: more than the three attempts a failing record gets, however many
        // times the OpenAI client retries each one itself; then it answers again.
        model.Enqueue([.. Enumerable.Repeat(FakeOpenAiReply.Failure(503), 12), FakeOpenAiReply.WithText("Looked at it."), FakeOpenAiReply.WithText("And at this one.")]);
        await harness.StartWorkerAsync();
        var issue = TestEvents.IssueOpened(payload);
        var next = TestEvents.IssueOpened(payload);

        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "github:Codertocat/Hello-World#1", issue, next);
        var audits = (await TopicReader.ReadUntilAsync(kafka, harness.Topics.Audit, r => r.Any(a => AmbientRecordReader.Audit(a.Message.Value).EventId == next.Id), Cancellation))
            .Select(a => AmbientRecordReader.Audit(a.Message.Value)).ToList();

        Assert.Equal(0, TopicReader.CountAfterQuiet(kafka, harness.Topics.DeadLetter));
        Assert.Equal([(issue.Id, RunOutcomes.Completed, "Looked at it."), (next.Id, RunOutcomes.Completed, "And at this one.")],
            audits.Select(a => (a.EventId, a.Outcome, a.ReasoningSummary)));
        Assert.Equal(14, model.Requests.Count);
    }
}
