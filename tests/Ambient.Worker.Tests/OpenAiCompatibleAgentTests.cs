using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Ambient.Abstractions.Audit;
using Ambient.Testing;
using Ambient.Testing.FakeOpenAi;

namespace Ambient.Worker.Tests;

/// <summary>The OpenAI-compatible model path end to end, against a local fake OpenAI server over real HTTP.</summary>
public sealed class OpenAiCompatibleAgentTests(KafkaFixture kafka)
{
    [Fact]
    public async Task Agent_ModelAsksForAllowedAndForbiddenTools_ActionsForAllowedOnlyAndUsageAudited()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var payload = TestEvents.IssueOpenedPayload();
        await using var model = await FakeOpenAiServer.StartAsync(cancellationToken: cancellation);
        model.Enqueue(
            FakeOpenAiReply.WithToolCalls(
            [
                new FakeToolCall("call_a", "github-add_labels", new JsonObject { ["repository"] = "Codertocat/Hello-World", ["issueNumber"] = 1, ["labels"] = new JsonArray("documentation") }),
                new FakeToolCall("call_b", "kubernetes-restart_workload", new JsonObject { ["namespace"] = "prod", ["kind"] = "Deployment", ["name"] = "api", ["reason"] = "why not" }),
            ], promptTokens: 300, completionTokens: 40),
            FakeOpenAiReply.WithText("Labelled the issue as documentation.", promptTokens: 380, completionTokens: 12));
        var agent = $"""
            name: llm-triage
            owner: team-test
            subscriptions:
              - topic: github
                types: [com.github.issues.opened]
            model:
              provider: openai-compatible
              endpoint: {model.Endpoint}
              modelId: gpt-test
              apiKeyEnv: AMBIENT_TEST_UNSET_KEY
              cost:
                inputPerMillionTokens: 2.5
                outputPerMillionTokens: 10
            systemPrompt: You triage issues.
            tools: [github.add_labels, github.comment]
            limits:
              maxTokensPerCall: 321
            """;
        await using var harness = await WorkerHarness.CreateAsync(kafka, ("llm-triage.yaml", agent));
        var cost = 0.0;
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument is { Name: "ambient.agent.cost", Meter.Name: "Ambient.Runtime" })
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            if (tags.ToArray().Any(t => t.Key == "agent" && (string?)t.Value == harness.AgentName("llm-triage")))
            {
                cost += value;
            }
        });
        meters.Start();
        await harness.StartWorkerAsync();

        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "k", TestEvents.IssueOpened(payload));
        var action = AmbientRecordReader.Action((await TopicReader.ReadAsync(kafka, harness.Topics.Actions, 1, cancellation)).Single().Message.Value);
        var audit = AmbientRecordReader.Audit((await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1, cancellation)).Single().Message.Value);

        Assert.Equal(("add_labels", $"{action.RunId}/2/0"), (action.Operation, action.Id));
        Assert.Equal("""{"repository":"Codertocat/Hello-World","issueNumber":1,"labels":["documentation"]}""", action.Arguments.GetRawText());
        Assert.Equal((RunOutcomes.Completed, "gpt-test", 680L, 52L), (audit.Outcome, audit.Model, audit.InputTokens, audit.OutputTokens));
        Assert.Equal(["kubernetes.restart_workload"], audit.RefusedTools);
        Assert.Equal("Labelled the issue as documentation.", audit.ReasoningSummary);
        Assert.Equal((680 * 2.5 + 52 * 10) / 1_000_000, cost, precision: 9);
        Assert.Equal((680 * 2.5m + 52 * 10m) / 1_000_000, audit.CostUsd);
        Assert.Equal(2, model.Requests.Count);
        Assert.Equal(["github-add_labels", "github-comment"], model.Requests[0].ToolNames.Order());
        Assert.All(model.Requests, r => Assert.Equal((321, "gpt-test"), (r.MaxTokens, r.Model)));
        Assert.Contains(model.Requests[1].Messages, m => (string?)m["role"] == "tool" && ((string?)m["content"] ?? "").StartsWith("Refused", StringComparison.Ordinal));
    }
}
