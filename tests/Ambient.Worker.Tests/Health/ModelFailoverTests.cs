using System.Text;
using Ambient.Abstractions.Audit;
using Ambient.Testing;
using Ambient.Testing.FakeOpenAi;

namespace Ambient.Worker.Tests.Health;

/// <summary>Model failover through a running worker, against two fake OpenAI-compatible servers over real HTTP.</summary>
public sealed class ModelFailoverTests(KafkaFixture kafka)
{
    [Fact]
    public async Task PrimaryAnswering500s_TheFallbackAnswersAndEachRunRecordsWhichModelDid()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var primary = await FakeOpenAiServer.StartAsync(cancellationToken: cancellation);
        await using var fallback = await FakeOpenAiServer.StartAsync(cancellationToken: cancellation);
        primary.Enqueue([.. Enumerable.Range(0, 100).Select(_ => FakeOpenAiReply.Failure(500))]);
        fallback.Enqueue([.. Enumerable.Range(0, 10).Select(_ => FakeOpenAiReply.WithText("Triaged by the fallback."))]);
        var agent = $"""
            name: failing-over
            owner: team-test
            subscriptions:
              - topic: github
                types: [com.github.issues.opened]
            model:
              provider: openai-compatible
              endpoint: {primary.Endpoint}
              modelId: gpt-primary
              apiKeyEnv: AMBIENT_TEST_UNSET_KEY
              fallbacks:
                - provider: openai-compatible
                  endpoint: {fallback.Endpoint}
                  modelId: gpt-fallback
                  apiKeyEnv: AMBIENT_TEST_UNSET_KEY
            systemPrompt: You triage issues.
            limits:
              maxConcurrentRuns: 1
            """;
        await using var harness = await WorkerHarness.CreateAsync(kafka, ("failing-over.yaml", agent));
        await harness.StartWorkerAsync();

        for (var i = 0; i < 5; i++)
        {
            await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "k", TestEvents.IssueOpened(TestEvents.IssueOpenedPayload()));
        }

        var audits = (await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 5, cancellation)).Select(r => AmbientRecordReader.Audit(r.Message.Value)).ToList();
        var primaryCalls = primary.Requests.Count;

        Assert.All(audits, a => Assert.Equal((RunOutcomes.Completed, "gpt-fallback", "Triaged by the fallback."), (a.Outcome, a.Model, a.ReasoningSummary)));
        Assert.Equal(5, fallback.Requests.Count);
        // The primary was asked and failed (its circuit breaker's counting is FailoverChatModelTests'); the fallback answered every call.
        Assert.True(primaryCalls > 0);
        var checkpoints = (await TopicReader.ReadUntilAsync(kafka, harness.Topics.Checkpoints, r => r.Count == TopicReader.CountAfterQuiet(kafka, harness.Topics.Checkpoints), cancellation))
            .SelectMany(r => r.Message.Value ?? []).ToArray();
        Assert.NotEqual(-1, checkpoints.AsSpan().IndexOf(Encoding.UTF8.GetBytes("\"fallback\":\"gpt-fallback\"")));
    }
}
