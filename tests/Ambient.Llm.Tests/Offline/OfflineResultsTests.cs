using System.Text.Json.Nodes;
using Ambient.Llm.Offline;
using Ambient.Llm.Tests.Support;

namespace Ambient.Llm.Tests.Offline;

/// <summary>Offline rules that observe: a call named with <c>as:</c> is read by later calls and the reply as <c>results.&lt;name&gt;</c>.</summary>
public sealed class OfflineResultsTests
{
    private static readonly OfflineRule s_runbook = new(
        "runbook-then-report",
        new OfflineCondition(["com.github.*"], []),
        [
            new OfflineToolCall("runbooks.lookup_runbook", Arguments("""{ "alert": "{{ $.issue.title }}" }"""), As: "runbook"),
            new OfflineToolCall("kubernetes.events", Arguments("""{ "name": "pod-{{ $.issue.number }}" }"""), As: "events"),
            new OfflineToolCall("notify.incident_report", Arguments("""{ "title": "{{ $.issue.title }}", "resolution": ["{{ results.runbook.steps[0] }}", "{{ results.runbook.steps[1] }}"], "seen": "{{ results.events }}" }""")),
        ],
        "Reported; first step: {{ results.runbook.steps[0] }}.");

    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task ToolLoop_CallReadingResults_IsAskedInALaterTurnWithTheResultsRendered()
    {
        var loop = new ToolLoop(new OfflineChatModel(new OfflineRuleSet([s_runbook])), TestEvents.IssueOpened())
        {
            Results =
            {
                ["runbooks.lookup_runbook"] = """{"steps":["check the pod's previous logs","roll back"]}""",
                ["kubernetes.events"] = "BackOff x3",
            },
        };

        var replies = await loop.RunAsync(_cancellation);

        Assert.Equal(3, replies.Count);
        Assert.Equal(["call_0", "call_1"], replies[0].ToolCalls.Select(c => c.Id));
        var report = Assert.Single(replies[1].ToolCalls);
        Assert.Equal("call_2", report.Id);
        Assert.Equal(["check the pod's previous logs", "roll back"], report.Arguments.GetProperty("resolution").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("BackOff x3", report.Arguments.GetProperty("seen").GetString());
        Assert.Equal("Reported; first step: check the pod's previous logs.", replies[2].Text);
    }

    [Fact]
    public async Task ToolLoop_ResultNotJson_PathReadsNothingAndJsonResultKeepsItsType()
    {
        var loop = new ToolLoop(new OfflineChatModel(new OfflineRuleSet([s_runbook])), TestEvents.IssueOpened())
        {
            Results = { ["runbooks.lookup_runbook"] = "Error: MCP server 'runbooks' did not answer", ["kubernetes.events"] = """["a"]""" },
        };

        var replies = await loop.RunAsync(_cancellation);

        var report = Assert.Single(replies[1].ToolCalls);
        Assert.Equal("[null,null]", report.Arguments.GetProperty("resolution").GetRawText());
        Assert.Equal("""["a"]""", report.Arguments.GetProperty("seen").GetRawText());
    }

    [Theory]
    [InlineData("{{ results.nothing }}", "call 1 (notify.incident_report) reads results.nothing, which no earlier call of the rule names with 'as: nothing'")]
    [InlineData("{{ results. }}", "must name a result")]
    [InlineData("{{ results.a-b }}", "must name a result")]
    public void Compile_BadResultReference_FailsNamingRuleAndCall(string template, string expected)
    {
        var rule = new OfflineRule("bad", new OfflineCondition([], []),
            [new OfflineToolCall("notify.incident_report", new Dictionary<string, JsonNode?> { ["title"] = template })], null);

        var error = Assert.Throws<OfflineRuleException>(() => new OfflineChatModel(new OfflineRuleSet([rule])));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("'bad'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_CallReadingALaterCallsResult_Fails()
    {
        var rule = new OfflineRule("order", new OfflineCondition([], []),
        [
            new OfflineToolCall("notify.incident_report", new Dictionary<string, JsonNode?> { ["title"] = "{{ results.later }}" }),
            new OfflineToolCall("github.get_issue", new Dictionary<string, JsonNode?>(), As: "later"),
        ], null);

        var error = Assert.Throws<OfflineRuleException>(() => new OfflineChatModel(new OfflineRuleSet([rule])));

        Assert.Contains("reads results.later, which no earlier call", error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, JsonNode?> Arguments(string json) =>
        JsonNode.Parse(json)!.AsObject().ToDictionary(property => property.Key, property => property.Value?.DeepClone());
}
