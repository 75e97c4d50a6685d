using System.Text.Json.Nodes;
using Ambient.Abstractions.Audit;
using Ambient.Runtime.Agents;
using Ambient.Testing;
using Ambient.Testing.FakeOpenAi;

namespace Ambient.Worker.Tests.Tools;

/// <summary>
/// An agent's own MCP server (the test server as a real stdio child process of the worker): its read tools are called
/// and journaled, its effect tools leave the worker only as action records, and tools the agent file does not list are
/// neither offered to the model nor called.
/// </summary>
public sealed class McpWorkerTests(KafkaFixture kafka) : IDisposable
{
    private const string Namespace = "shop";
    private const string Pod = "checkout-7c9f8d6b5-x2x9q";

    private readonly McpTestServer _server = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_RuleReadsARunbookThenPagesOncall_ReadJournaledPageProposedAndNeverSentToTheServer()
    {
        var agent = $$$"""
            name: mcp-responder
            owner: team-test
            subscriptions:
              - topic: cluster
                types: [io.k8s.event.*]
            model:
              provider: offline
            systemPrompt: You follow the runbook, then page the on-call team.
            tools: [runbooks.lookup_runbook, runbooks.page_oncall]
            offline:
              rules:
                - name: page
                  when:
                    types: [io.k8s.event.*]
                  calls:
                    - tool: runbooks.lookup_runbook
                      arguments:
                        alert: "{{ $.reason }}"
                    - tool: runbooks.page_oncall
                      arguments:
                        team: shop
                        reason: "{{ $.reason }} on {{ $.involvedObject.name }}"
                  reply: "Followed the {{ $.reason }} runbook and asked to page shop."
            {{{_server.Yaml("runbooks", "lookup_runbook: read, page_oncall: effect")}}}
            """;
        await using var harness = await WorkerHarness.CreateAsync(kafka, ("mcp-responder.yaml", agent));
        await harness.StartWorkerAsync();

        await ToolRuns.PublishAsync(kafka, harness, Namespace, ToolRuns.PodWarning(Namespace, Pod));
        var audit = AmbientRecordReader.Audit((await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1, Cancellation)).Single().Message.Value);

        Assert.Equal(RunOutcomes.Completed, audit.Outcome);
        var turns = ToolRuns.ToolTurns(ToolRuns.Act(kafka, harness, audit.RunId));
        Assert.Equal([("runbooks.lookup_runbook", true), ("runbooks.page_oncall", false)], turns.Select(t => (t.Tool, t.Read)));
        var runbook = JsonNode.Parse(turns[0].Content)!;
        Assert.Equal(("BackOff", "check the pod's previous logs"), ((string?)runbook["alert"], (string?)runbook["steps"]![0]));
        var action = AmbientRecordReader.Action((await TopicReader.ReadAsync(kafka, harness.Topics.Actions, 1, Cancellation)).Single().Message.Value);
        Assert.Equal(("mcp:runbooks", "page_oncall"), (action.Target, action.Operation));
        Assert.Equal($"BackOff on {Pod}", action.Arguments.GetProperty("reason").GetString());
        Assert.Equal([action.Id], audit.ActionIds);
        Assert.Equal(["lookup_runbook"], _server.Calls());
    }

    [Fact]
    public async Task Start_RuleCallsAToolItsMcpServerAdvertisesButTheFileDoesNotList_IsRefusedNamingIt()
    {
        var agent = $$$"""
            name: mcp-secret
            owner: team-test
            subscriptions:
              - topic: cluster
                types: [io.k8s.event.*]
            model:
              provider: offline
            systemPrompt: You read runbooks.
            tools: [runbooks.lookup_runbook]
            offline:
              rules:
                - name: secret
                  when:
                    types: [io.k8s.event.*]
                  calls:
                    - tool: runbooks.secret_tool
                      arguments: {}
            {{{_server.Yaml("runbooks", "lookup_runbook: read")}}}
            """;
        await using var harness = await WorkerHarness.CreateAsync(kafka, ("mcp-secret.yaml", agent));

        var error = await Assert.ThrowsAsync<AgentDefinitionException>(() => harness.StartWorkerAsync());

        Assert.Contains("'runbooks.secret_tool'", error.Message, StringComparison.Ordinal);
        Assert.Contains("mcpServers[].tools", error.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Calls());
    }

    [Fact]
    public async Task Run_ModelAsksForAnUnlistedToolOfItsMcpServer_RefusedThroughTheFilterChainAndNeverOffered()
    {
        await using var model = await FakeOpenAiServer.StartAsync(cancellationToken: Cancellation);
        model.Enqueue(
            FakeOpenAiReply.WithToolCalls(
            [
                new FakeToolCall("call_a", "runbooks-lookup_runbook", new JsonObject { ["alert"] = "BackOff" }),
                new FakeToolCall("call_b", "runbooks-secret_tool", new JsonObject()),
            ]),
            FakeOpenAiReply.WithText("Followed the BackOff runbook."));
        var agent = $$$"""
            name: mcp-llm
            owner: team-test
            subscriptions:
              - topic: cluster
                types: [io.k8s.event.*]
            model:
              provider: openai-compatible
              endpoint: {{{model.Endpoint}}}
              modelId: gpt-test
              apiKeyEnv: AMBIENT_TEST_UNSET_KEY
            systemPrompt: You follow runbooks.
            tools: [runbooks.lookup_runbook]
            {{{_server.Yaml("runbooks", "lookup_runbook: read, page_oncall: effect")}}}
            """;
        await using var harness = await WorkerHarness.CreateAsync(kafka, ("mcp-llm.yaml", agent));
        await harness.StartWorkerAsync();

        await ToolRuns.PublishAsync(kafka, harness, Namespace, ToolRuns.PodWarning(Namespace, Pod));
        var audit = AmbientRecordReader.Audit((await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1, Cancellation)).Single().Message.Value);

        Assert.Equal(RunOutcomes.Completed, audit.Outcome);
        Assert.Equal(["runbooks.secret_tool"], audit.RefusedTools);
        Assert.Empty(audit.ActionIds);
        var turns = ToolRuns.ToolTurns(ToolRuns.Act(kafka, harness, audit.RunId));
        Assert.Equal([("runbooks.lookup_runbook", true, false), ("runbooks.secret_tool", false, true)], turns.Select(t => (t.Tool, t.Read, t.Refused)));
        Assert.StartsWith("Refused: the tool 'runbooks.secret_tool' is not allowed", turns[1].Content, StringComparison.Ordinal);
        Assert.Equal(2, model.Requests.Count);
        Assert.All(model.Requests, r => Assert.Equal(["runbooks-lookup_runbook"], r.ToolNames));
        Assert.Contains(model.Requests[1].Messages, m => (string?)m["role"] == "tool" && ((string?)m["content"] ?? "").Contains("Refused: the tool 'runbooks.secret_tool'", StringComparison.Ordinal));
        Assert.Equal(["lookup_runbook"], _server.Calls());
    }

    public void Dispose() => _server.Dispose();
}
