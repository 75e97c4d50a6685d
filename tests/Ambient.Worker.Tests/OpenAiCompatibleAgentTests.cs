using System.Diagnostics.Metrics;
using System.Text;
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
        var agent = FakeModelAgents.Yaml("llm-triage", model.Endpoint, model: """
            cost:
              inputPerMillionTokens: 2.5
              outputPerMillionTokens: 10
            """, rest: """
            tools: [github.add_labels, github.comment]
            limits:
              maxTokensPerCall: 321
            """);
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

    [Fact]
    public async Task Agent_EventCarryingATokenAndAnAwsKey_NeitherReachesTheModelNorAnyCheckpointAuditOrActionByte()
    {
        const string Token = "ghp_0123456789abcdefghijABCDEFGHIJ012345";
        const string AwsKey = "AKIAIOSFODNN7EXAMPLE";
        var cancellation = TestContext.Current.CancellationToken;
        var payload = JsonNode.Parse(TestEvents.IssueOpenedPayload())!.AsObject();
        payload["issue"]!["body"] = $"CI fails. Our deploy step logs GITHUB_TOKEN={Token} and aws_access_key_id = {AwsKey} in plain text.";
        // The title first, so the audit's context summary (the data's first 200 characters) holds it too.
        var issue = payload["issue"]!.AsObject();
        var reordered = new JsonObject { ["title"] = $"Token {Token} leaked in CI" };
        foreach (var (name, value) in issue.Where(p => p.Key != "title").ToList())
        {
            issue.Remove(name);
            reordered[name] = value;
        }

        payload["issue"] = reordered;
        await using var model = await FakeOpenAiServer.StartAsync(cancellationToken: cancellation);
        model.Enqueue(
            FakeOpenAiReply.WithToolCalls(
            [
                new FakeToolCall("call_a", "github-add_labels", new JsonObject { ["repository"] = "Codertocat/Hello-World", ["issueNumber"] = 1, ["labels"] = new JsonArray("security") }),
            ], promptTokens: 300, completionTokens: 40),
            FakeOpenAiReply.WithText("Labelled it security: credentials are in the build log.", promptTokens: 380, completionTokens: 12));
        var agent = FakeModelAgents.Yaml("llm-triage", model.Endpoint, rest: "tools: [github.add_labels]");
        await using var harness = await WorkerHarness.CreateAsync(kafka, ("llm-triage.yaml", agent));
        await harness.StartWorkerAsync();

        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "k", TestEvents.IssueOpened(payload.ToJsonString()));
        var audit = AmbientRecordReader.Audit((await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1, cancellation)).Single().Message.Value);

        // The token in the title and the body, and the key: counted in the audit.
        Assert.Equal(3, audit.SecretsMasked);
        // The model read the issue, with the secrets masked in place.
        var prompts = string.Join("\n", model.Requests.Select(r => r.Body.ToJsonString()));
        Assert.Contains("[masked github-token ", prompts, StringComparison.Ordinal);
        Assert.Contains("[masked aws-access-key ", prompts, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, prompts, StringComparison.Ordinal);
        Assert.DoesNotContain(AwsKey, prompts, StringComparison.Ordinal);
        // Nothing Ambient wrote holds them, in any byte of any record.
        foreach (var topic in new[] { harness.Topics.Checkpoints, harness.Topics.Audit, harness.Topics.Actions })
        {
            var records = await TopicReader.ReadUntilAsync(kafka, topic, r => r.Count > 0 && r.Count == TopicReader.CountAfterQuiet(kafka, topic), cancellation);
            var bytes = records.SelectMany(r => (r.Message.Value ?? []).Concat(Encoding.UTF8.GetBytes(r.Message.Key ?? ""))
                .Concat(r.Message.Headers.SelectMany(h => h.GetValueBytes()))).ToArray();
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Token)));
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(AwsKey)));
            if (topic == harness.Topics.Audit)
            {
                // The audit's context summary begins with the issue's title: there, masked.
                Assert.NotEqual(-1, bytes.AsSpan().IndexOf("[masked github-token "u8));
            }
        }

        // The event itself stays as it arrived: it is the record of what happened.
        var input = (await TopicReader.ReadAsync(kafka, harness.Topics.GitHubEvents, 1, cancellation)).Single().Message.Value;
        Assert.NotEqual(-1, input.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Token)));
    }
}
