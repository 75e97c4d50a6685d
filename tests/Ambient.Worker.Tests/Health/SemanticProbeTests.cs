using Ambient.Abstractions.Audit;
using Ambient.Testing;
using Ambient.Testing.FakeOpenAi;

namespace Ambient.Worker.Tests.Health;

/// <summary>
/// The semantic liveness probe through a running worker against a fake OpenAI-compatible server: a model that fails
/// the probe holds the agent (its events wait, nothing is skipped), and the agent goes on once the model answers well.
/// </summary>
public sealed class SemanticProbeTests(KafkaFixture kafka)
{
    private const string Prompt = "Reply with exactly one word: HEALTHY";

    [Fact]
    public async Task Probe_FailingAgainstTheModel_HoldsTheAgentsEventsUntilItAnswersWellThenTheyRunOnce()
    {
        var cancellation = TestContext.Current.CancellationToken;
        // An empty script: every call is answered 500 until replies are enqueued.
        await using var model = await FakeOpenAiServer.StartAsync(cancellationToken: cancellation);
        var agent = FakeModelAgents.Yaml("probed", model.Endpoint, rest: $"""
            healthProbe:
              type: semantic
              intervalSeconds: 1
              prompt: "{Prompt}"
              expect: "^HEALTHY$"
              failureThreshold: 2
              successThreshold: 1
              timeoutSeconds: 5
            """);
        await using var harness = await WorkerHarness.CreateAsync(kafka, ("probed.yaml", agent));
        await harness.StartWorkerAsync();

        var unhealthy = AmbientRecordReader.Audit((await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1, cancellation)).Single().Message.Value);
        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "k", TestEvents.IssueOpened(TestEvents.IssueOpenedPayload()));
        // Three more probes fail with the event waiting on its topic; then the model answers well.
        var atPublish = model.Requests.Count;
        await Eventually.UntilAsync(() => model.Requests.Count >= atPublish + 3, cancellation);
        var whileUnhealthy = model.Requests.Count;
        model.Enqueue([.. Enumerable.Range(0, 100).Select(_ => FakeOpenAiReply.WithText("HEALTHY"))]);
        var audits = (await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 3, cancellation)).Select(r => AmbientRecordReader.Audit(r.Message.Value)).ToList();
        var announced = await TopicReader.ReadAsync(kafka, harness.Topics.AgentEvents, 2, cancellation);

        Assert.Equal((RunOutcomes.Unhealthy, "io.ambient.agent.unhealthy", harness.AgentName("probed")), (unhealthy.Outcome, unhealthy.EventType, unhealthy.Agent));
        Assert.Contains("failed 2 times in a row (the model failed: ", unhealthy.ReasoningSummary, StringComparison.Ordinal);
        Assert.Equal([RunOutcomes.Unhealthy, RunOutcomes.Healthy, RunOutcomes.Completed], audits.Select(a => a.Outcome));
        // Every model call while the agent was unhealthy was a probe: the run did not start until the model answered well.
        Assert.All(model.Requests.Take(whileUnhealthy), r => Assert.Equal(Prompt, (string?)r.Messages[^1]["content"]));
        Assert.Contains(model.Requests.Skip(whileUnhealthy), r => (string?)r.Messages[^1]["content"] != Prompt);
        Assert.Equal(1, audits.Count(a => a.Outcome == RunOutcomes.Completed));
        // Announced as CloudEvents keyed by agent, for whoever watches the agents.
        Assert.Equal(["io.ambient.agent.unhealthy", "io.ambient.agent.healthy"], announced.Select(r => Header(r, "ce_type")));
        Assert.All(announced, r => Assert.Equal(harness.AgentName("probed"), r.Message.Key));
        Assert.All(announced, r => Assert.Equal("worker", Header(r, "ambient-ingress")));
    }

    internal static string? Header(Confluent.Kafka.ConsumeResult<string?, byte[]> record, string name) =>
        record.Message.Headers.TryGetLastBytes(name, out var value) ? System.Text.Encoding.UTF8.GetString(value) : null;
}
