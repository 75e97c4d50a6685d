using Ambient.Abstractions.Audit;
using Ambient.Runtime.Agents;
using Ambient.Testing;
using Ambient.Testing.FakeOpenAi;

namespace Ambient.Worker.Tests.Health;

/// <summary>
/// <c>model.onFallback: pause</c> through a running worker against a fake OpenAI-compatible server: the agent's model
/// fails, so the whole agent is held (audited and announced); while it is held only trial calls reach the model, and two
/// events wait; once a trial answers, the agent is released and each event runs once.
/// </summary>
public sealed class ModelPauseTests(KafkaFixture kafka)
{
    [Fact]
    public async Task OwnModelOut_HoldsTheAgentTriesOnlyTrialCallsThenRunsEveryWaitingEventOnce()
    {
        var cancellation = TestContext.Current.CancellationToken;
        // An empty script: every call is answered 500 until replies are enqueued.
        await using var model = await FakeOpenAiServer.StartAsync(cancellationToken: cancellation);
        var agent = FakeModelAgents.Yaml("paused", model.Endpoint, model: "onFallback: pause");
        await using var harness = await WorkerHarness.CreateAsync(kafka, ("paused.yaml", agent));
        await harness.StartWorkerAsync(new Dictionary<string, string?> { ["Ambient:Worker:Health:ModelTrialInterval"] = "00:00:01" });

        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "k", TestEvents.IssueOpened(TestEvents.IssueOpenedPayload()));
        var held = AmbientRecordReader.Audit((await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1, cancellation)).Single().Message.Value);
        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "k", TestEvents.IssueOpened(TestEvents.IssueOpenedPayload()));
        // Three trials fail while both events wait; then the model answers.
        var atHold = model.Requests.Count;
        await Eventually.UntilAsync(() => model.Requests.Count >= atHold + 3, cancellation);
        var whileHeld = model.Requests.Count;
        model.Enqueue([.. Enumerable.Range(0, 20).Select(_ => FakeOpenAiReply.WithText("Nothing to do."))]);
        var audits = (await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 4, cancellation)).Select(r => AmbientRecordReader.Audit(r.Message.Value)).ToList();
        var announced = await TopicReader.ReadAsync(kafka, harness.Topics.AgentEvents, 2, cancellation);

        Assert.Equal((RunOutcomes.Unhealthy, "io.ambient.agent.unhealthy"), (held.Outcome, held.EventType));
        Assert.Contains("its model gpt-test is out", held.ReasoningSummary, StringComparison.Ordinal);
        Assert.Contains("onFallback: pause holds it until the model answers", held.ReasoningSummary, StringComparison.Ordinal);
        Assert.Equal([RunOutcomes.Unhealthy, RunOutcomes.Healthy, RunOutcomes.Completed, RunOutcomes.Completed], audits.Select(a => a.Outcome));
        // While held, nothing but trial calls reached the model: neither event's run asked it anything.
        Assert.All(model.Requests.Skip(atHold).Take(whileHeld - atHold), r => Assert.Equal(HealthProbeSpec.ModelTrial.Prompt, (string?)r.Messages[^1]["content"]));
        Assert.Equal(2, audits.Select(a => a.EventId).Where((_, i) => audits[i].Outcome == RunOutcomes.Completed).Distinct().Count());
        Assert.Equal(["io.ambient.agent.unhealthy", "io.ambient.agent.healthy"], announced.Select(r => SemanticProbeTests.Header(r, "ce_type")));
    }
}
