using System.Text;
using System.Text.Json.Nodes;
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
        var agent = FakeModelAgents.Yaml("failing-over", primary.Endpoint, modelId: "gpt-primary", model: $"""
            fallbacks:
              - provider: openai-compatible
                endpoint: {fallback.Endpoint}
                modelId: gpt-fallback
                apiKeyEnv: AMBIENT_TEST_UNSET_KEY
            """, rest: """
            limits:
              maxConcurrentRuns: 1
            """);
        await using var harness = await WorkerHarness.CreateAsync(kafka, ("failing-over.yaml", agent));
        // With the shared ledger, as shipped, and a price for each model: the fallback's calls are charged at its own.
        await harness.StartWorkerAsync(new Dictionary<string, string?>
        {
            ["Ambient:Budgets:Shared"] = "true",
            ["Ambient:Budgets:Prices:gpt-primary:InputPerMillionUsd"] = "1000",
            ["Ambient:Budgets:Prices:gpt-primary:OutputPerMillionUsd"] = "1000",
            ["Ambient:Budgets:Prices:gpt-fallback:InputPerMillionUsd"] = "100",
            ["Ambient:Budgets:Prices:gpt-fallback:OutputPerMillionUsd"] = "200",
        });

        for (var i = 0; i < 5; i++)
        {
            await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "k", TestEvents.IssueOpened(TestEvents.IssueOpenedPayload()));
        }

        var audits = (await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 5, cancellation)).Select(r => AmbientRecordReader.Audit(r.Message.Value)).ToList();
        var primaryCalls = primary.Requests.Count;

        Assert.All(audits, a => Assert.Equal((RunOutcomes.Completed, "gpt-fallback", "Triaged by the fallback."), (a.Outcome, a.Model, a.ReasoningSummary)));
        // 20 input tokens at $100 and 10 output tokens at $200 a million: $0.004 a run, not the primary's $0.03.
        Assert.All(audits, a => Assert.Equal(0.004m, a.CostUsd));
        Assert.Equal(5, fallback.Requests.Count);
        // The primary was asked and failed (its circuit breaker's counting is FailoverChatModelTests'); the fallback answered every call.
        Assert.True(primaryCalls > 0);
        var checkpoints = (await TopicReader.ReadUntilAsync(kafka, harness.Topics.Checkpoints, r => r.Count == TopicReader.CountAfterQuiet(kafka, harness.Topics.Checkpoints), cancellation))
            .SelectMany(r => r.Message.Value ?? []).ToArray();
        Assert.NotEqual(-1, checkpoints.AsSpan().IndexOf(Encoding.UTF8.GetBytes("\"fallback\":\"gpt-fallback\"")));
    }

    [Fact]
    public async Task ApproveEffects_AnEffectAFallbackAsksFor_ParksForTheOwnersYesThenGoesOutWithIt()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var primary = await FakeOpenAiServer.StartAsync(cancellationToken: cancellation);
        await using var fallback = await FakeOpenAiServer.StartAsync(cancellationToken: cancellation);
        primary.Enqueue([.. Enumerable.Range(0, 100).Select(_ => FakeOpenAiReply.Failure(500))]);
        fallback.Enqueue(
            FakeOpenAiReply.WithToolCalls([new FakeToolCall("call_a", "github-add_labels",
                new JsonObject { ["repository"] = "Codertocat/Hello-World", ["issueNumber"] = 1, ["labels"] = new JsonArray("bug") })]),
            FakeOpenAiReply.WithText("Labelled it."));
        var agent = FakeModelAgents.Yaml("guarded", primary.Endpoint, modelId: "gpt-primary", model: $$"""
            onFallback: approve-effects
            fallbacks:
              - {provider: openai-compatible, endpoint: "{{fallback.Endpoint}}", modelId: gpt-fallback, apiKeyEnv: AMBIENT_TEST_UNSET_KEY}
            """, rest: "tools: [github.add_labels]");
        await using var harness = await WorkerHarness.CreateAsync(kafka, ("guarded.yaml", agent));
        using var approvals = new TestApprovals(kafka.BootstrapServers, harness.Topics.Approvals);
        await harness.StartWorkerAsync();

        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "k", TestEvents.IssueOpened(TestEvents.IssueOpenedPayload()));
        var request = (await approvals.WaitForAsync(_ => true)).Single();
        var actionsBefore = TopicReader.CountAfterQuiet(kafka, harness.Topics.Actions);
        await approvals.AnswerAsync(request.Id, approve: true, by: "team-test");
        var action = (await TopicReader.ReadAsync(kafka, harness.Topics.Actions, 1, cancellation)).Single();
        var audit = AmbientRecordReader.Audit((await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1, cancellation)).Single().Message.Value);

        Assert.Equal(("github.add_labels", "onFallback", "approve-effects"), (request.Tool, request.Policy, request.Rule));
        Assert.Equal(["team-test"], request.Approvers);
        Assert.Contains("fallback model gpt-fallback", request.Reason, StringComparison.Ordinal);
        Assert.Equal(0, actionsBefore);
        Assert.Equal("add_labels", AmbientRecordReader.Action(action.Message.Value).Operation);
        Assert.True(action.Message.Headers.TryGetLastBytes(Ambient.Abstractions.Actions.ActionHeaders.ApprovalId, out var approvalId));
        Assert.Equal(request.Id, Encoding.UTF8.GetString(approvalId));
        Assert.Equal(("gpt-fallback", "onFallback/approve-effects"), (audit.Model, audit.Decisions.Single().Rule));
    }
}
