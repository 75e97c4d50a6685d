using System.Text.Json;
using System.Text.Json.Nodes;
using Ambient.Llm.Offline;
using Ambient.Llm.Tests.Support;

namespace Ambient.Llm.Tests.Offline;

public sealed class OfflineChatModelTests
{
    private static readonly OfflineRule s_triage = new(
        "triage-new-issues",
        new OfflineCondition(["com.github.issues.opened"], [new FieldCondition("$.issue.title", Regex: "(?i)readme")]),
        [
            new OfflineToolCall("github.add_labels", Arguments("""{ "issueNumber": "{{ $.issue.number }}", "labels": ["docs", "{{ $.issue.labels[0].name }}"] }""")),
            new OfflineToolCall("slack.post_message", Arguments("""{ "channel": "#triage", "text": "New: {{ $.issue.title }} ({{ event.subject }})", "urgent": "{{ $.issue.locked }}" }""")),
        ],
        "Labelled #{{ $.issue.number }} and told #triage.");

    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task ToolLoop_MatchingRule_CallsToolsThenReplies()
    {
        var loop = new ToolLoop(new OfflineChatModel(new OfflineRuleSet([s_triage])), TestEvents.IssueOpened());

        var replies = await loop.RunAsync(_cancellation);

        Assert.Equal(
            ["github.add_labels(1|[docs,bug])", "slack.post_message(#triage|New: Spelling error in the README file (github:octo/repo#1)|False)"],
            loop.Calls);
        Assert.Equal(2, replies.Count);
        Assert.Equal(["call_0", "call_1"], replies[0].ToolCalls.Select(call => call.Id));
        Assert.Equal(["github.add_labels", "slack.post_message"], replies[0].ToolCalls.Select(call => call.Name));
        Assert.Equal("Labelled #1 and told #triage.", replies[1].Text);
        Assert.All(replies, reply => Assert.Equal("triage-new-issues", reply.Rule));
    }

    [Fact]
    public async Task CompleteAsync_ToolCallArguments_KeepTheirJsonTypes()
    {
        var model = new OfflineChatModel(new OfflineRuleSet([s_triage]));

        var reply = await model.CompleteAsync(new ToolLoop(model, TestEvents.IssueOpened()).Request(), _cancellation);

        var addLabels = reply.ToolCalls[0].Arguments;
        Assert.Equal(JsonValueKind.Number, addLabels.GetProperty("issueNumber").ValueKind);
        Assert.Equal("""["docs","bug"]""", addLabels.GetProperty("labels").GetRawText());
        var postMessage = reply.ToolCalls[1].Arguments;
        Assert.Equal("#triage", postMessage.GetProperty("channel").GetString());
        Assert.Equal(JsonValueKind.False, postMessage.GetProperty("urgent").ValueKind);
    }

    [Fact]
    public async Task ToolLoop_RuleWithoutReply_SummarisesCallsMade()
    {
        var loop = new ToolLoop(new OfflineChatModel(new OfflineRuleSet([s_triage with { Reply = null }])), TestEvents.IssueOpened());

        var replies = await loop.RunAsync(_cancellation);

        Assert.Equal("Offline rule 'triage-new-issues' called github.add_labels, slack.post_message.", replies[^1].Text);
    }

    [Fact]
    public async Task CompleteAsync_RuleWithReasoning_SaysItAlongsideItsCallsAndCountsItsTokens()
    {
        var plain = new ToolLoop(new OfflineChatModel(new OfflineRuleSet([s_triage])), TestEvents.IssueOpened());
        var reasoned = new ToolLoop(new OfflineChatModel(new OfflineRuleSet([s_triage with { Reasoning = "Issue #{{ $.issue.number }} looks routine. Confidence: 0.8" }])),
            TestEvents.IssueOpened());

        var first = (await reasoned.RunAsync(_cancellation))[0];
        var without = (await plain.RunAsync(_cancellation))[0];

        Assert.Equal("Issue #1 looks routine. Confidence: 0.8", first.Text);
        Assert.NotEmpty(first.ToolCalls);
        Assert.Null(without.Text);
        Assert.True(first.Usage.Output > without.Usage.Output);
    }

    [Fact]
    public async Task CompleteAsync_RuleWithoutCalls_RepliesAtOnce()
    {
        var rule = new OfflineRule("ack", new OfflineCondition(["com.github.*"], []), [], "Seen {{ event.type }} #{{ $.issue.number }}.");

        var replies = await new ToolLoop(new OfflineChatModel(new OfflineRuleSet([rule])), TestEvents.IssueOpened()).RunAsync(_cancellation);

        var reply = Assert.Single(replies);
        Assert.Equal("Seen com.github.issues.opened #1.", reply.Text);
        Assert.Empty(reply.ToolCalls);
    }

    [Fact]
    public async Task CompleteAsync_NoRuleMatches_SaysNothingToDo()
    {
        var model = new OfflineChatModel(new OfflineRuleSet([s_triage]));

        var reply = await model.CompleteAsync(new ToolLoop(model, TestEvents.Create("io.k8s.event.BackOff", new JsonObject())).Request(), _cancellation);

        Assert.Equal("No offline rule matches io.k8s.event.BackOff; nothing to do.", reply.Text);
        Assert.Null(reply.Rule);
        Assert.Empty(reply.ToolCalls);
    }

    [Fact]
    public async Task CompleteAsync_NewUserMessageAfterResults_AsksForCallsAgain()
    {
        var model = new OfflineChatModel(new OfflineRuleSet([s_triage]));
        var loop = new ToolLoop(model, TestEvents.IssueOpened());
        await loop.RunAsync(_cancellation);

        loop.Turns.Add(ChatTurn.User("Another event arrived."));
        var reply = await model.CompleteAsync(loop.Request(), _cancellation);

        Assert.Equal(2, reply.ToolCalls.Count);
    }

    [Fact]
    public async Task ToolLoop_SameInputTwice_SameRepliesAndUsage()
    {
        var first = await RunTriageAsync();
        var second = await RunTriageAsync();

        Assert.Equal(first, second);
        Assert.Contains("call_0", first, StringComparison.Ordinal);

        async Task<string> RunTriageAsync()
        {
            var replies = await new ToolLoop(new OfflineChatModel(new OfflineRuleSet([s_triage])), TestEvents.IssueOpened()).RunAsync(_cancellation);
            return string.Join("\n", replies.Select(r => JsonSerializer.Serialize(new
            {
                r.Text,
                Calls = r.ToolCalls.Select(c => $"{c.Id} {c.Name} {c.Arguments.GetRawText()}"),
                Usage = r.Usage.ToString(),
                r.Rule,
            })));
        }
    }

    [Fact]
    public async Task ToolLoop_Usage_IsPositiveAndGrowsWithHistory()
    {
        var replies = await new ToolLoop(new OfflineChatModel(new OfflineRuleSet([s_triage])), TestEvents.IssueOpened()).RunAsync(_cancellation);

        var calls = replies[0].Usage;
        var answer = replies[1].Usage;
        Assert.True(calls.Input > 0 && calls.Output > 0, calls.ToString());
        Assert.True(answer.Input > calls.Input, $"{answer} after {calls}");
        Assert.Equal((long)Math.Ceiling("Labelled #1 and told #triage.".Length / 4.0), answer.Output);
    }

    [Fact]
    public async Task CompleteAsync_Cancelled_Throws()
    {
        var model = new OfflineChatModel(new OfflineRuleSet([s_triage]));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            model.CompleteAsync(new ToolLoop(model, TestEvents.IssueOpened()).Request(), new CancellationToken(canceled: true)));
    }

    [Fact]
    public void ModelId_IsOffline()
    {
        Assert.Equal(OfflineModel.ModelId, new OfflineChatModel(OfflineRuleSet.Empty).ModelId);
    }

    private static Dictionary<string, JsonNode?> Arguments(string json) =>
        JsonNode.Parse(json)!.AsObject().ToDictionary(property => property.Key, property => property.Value?.DeepClone());
}
