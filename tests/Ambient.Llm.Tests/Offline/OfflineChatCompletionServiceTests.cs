using System.Text.Json;
using System.Text.Json.Nodes;
using Ambient.Abstractions.Events;
using Ambient.Llm.Offline;
using Ambient.Llm.Tests.Support;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Services;

namespace Ambient.Llm.Tests.Offline;

public sealed class OfflineChatCompletionServiceTests
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
    public async Task ToolLoop_MatchingRule_CallsTypedToolsThenReplies()
    {
        var tools = new RecordingTools();
        var kernel = KernelFor(tools, TestEvents.IssueOpened());
        var service = new OfflineChatCompletionService(new OfflineRuleSet([s_triage]));

        var replies = await ToolLoop.RunAsync(service, kernel, History(), Settings(kernel), _cancellation);

        Assert.Equal(
            ["github.add_labels(1|[docs,bug])", "slack.post_message(#triage|New: Spelling error in the README file (github:octo/repo#1)|False)"],
            tools.Calls);
        Assert.Equal(2, replies.Count);
        var calls = FunctionCallContent.GetFunctionCalls(replies[0]).ToList();
        Assert.Equal(["call_0", "call_1"], calls.Select(call => call.Id));
        Assert.Equal(["github", "slack"], calls.Select(call => call.PluginName));
        Assert.Equal(["add_labels", "post_message"], calls.Select(call => call.FunctionName));
        Assert.Equal("Labelled #1 and told #triage.", replies[1].Content);
        Assert.All(replies, reply => Assert.Equal("triage-new-issues", reply.Metadata![OfflineModel.RuleMetadataKey]));
        Assert.All(replies, reply => Assert.Equal(AuthorRole.Assistant, reply.Role));
    }

    [Fact]
    public async Task GetChatMessageContentsAsync_ToolCallArguments_AreStringsOrJsonElements()
    {
        var service = new OfflineChatCompletionService(new OfflineRuleSet([s_triage]));

        var reply = await service.GetChatMessageContentAsync(History(), kernel: KernelFor(new RecordingTools(), TestEvents.IssueOpened()), cancellationToken: _cancellation);

        var addLabels = FunctionCallContent.GetFunctionCalls(reply).First().Arguments!;
        var number = Assert.IsType<JsonElement>(addLabels["issueNumber"]);
        var labels = Assert.IsType<JsonElement>(addLabels["labels"]);
        Assert.Equal(JsonValueKind.Number, number.ValueKind);
        Assert.Equal("""["docs","bug"]""", labels.GetRawText());
        var postMessage = FunctionCallContent.GetFunctionCalls(reply).Last().Arguments!;
        Assert.Equal("#triage", Assert.IsType<string>(postMessage["channel"]));
        Assert.Equal(JsonValueKind.False, Assert.IsType<JsonElement>(postMessage["urgent"]).ValueKind);
    }

    [Fact]
    public async Task ToolLoop_RuleWithoutReply_SummarisesCallsMade()
    {
        var rule = s_triage with { Reply = null };
        var tools = new RecordingTools();
        var kernel = KernelFor(tools, TestEvents.IssueOpened());

        var replies = await ToolLoop.RunAsync(new OfflineChatCompletionService(new OfflineRuleSet([rule])), kernel, History(), Settings(kernel), _cancellation);

        Assert.Equal("Offline rule 'triage-new-issues' called github.add_labels, slack.post_message.", replies[^1].Content);
    }

    [Fact]
    public async Task GetChatMessageContentsAsync_RuleWithoutCalls_RepliesAtOnce()
    {
        var rule = new OfflineRule("ack", new OfflineCondition(["com.github.*"], []), [], "Seen {{ event.type }} #{{ $.issue.number }}.");
        var kernel = KernelFor(new RecordingTools(), TestEvents.IssueOpened());

        var replies = await ToolLoop.RunAsync(new OfflineChatCompletionService(new OfflineRuleSet([rule])), kernel, History(), Settings(kernel), _cancellation);

        var reply = Assert.Single(replies);
        Assert.Equal("Seen com.github.issues.opened #1.", reply.Content);
        Assert.Empty(FunctionCallContent.GetFunctionCalls(reply));
    }

    [Fact]
    public async Task GetChatMessageContentsAsync_NoRuleMatches_SaysNothingToDo()
    {
        var kernel = KernelFor(new RecordingTools(), TestEvents.Create("io.k8s.event.BackOff", new JsonObject()));

        var reply = await new OfflineChatCompletionService(new OfflineRuleSet([s_triage]))
            .GetChatMessageContentAsync(History(), kernel: kernel, cancellationToken: _cancellation);

        Assert.Equal("No offline rule matches io.k8s.event.BackOff; nothing to do.", reply.Content);
        Assert.Null(reply.Metadata![OfflineModel.RuleMetadataKey]);
        Assert.Empty(FunctionCallContent.GetFunctionCalls(reply));
    }

    [Fact]
    public async Task GetChatMessageContentsAsync_NewUserMessageAfterResults_AsksForCallsAgain()
    {
        var tools = new RecordingTools();
        var kernel = KernelFor(tools, TestEvents.IssueOpened());
        var service = new OfflineChatCompletionService(new OfflineRuleSet([s_triage]));
        var history = History();
        await ToolLoop.RunAsync(service, kernel, history, Settings(kernel), _cancellation);

        history.AddUserMessage("Another event arrived.");
        var reply = await service.GetChatMessageContentAsync(history, kernel: kernel, cancellationToken: _cancellation);

        Assert.Equal(2, FunctionCallContent.GetFunctionCalls(reply).Count());
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
            var kernel = KernelFor(new RecordingTools(), TestEvents.IssueOpened());
            var replies = await ToolLoop.RunAsync(new OfflineChatCompletionService(new OfflineRuleSet([s_triage])), kernel, History(), Settings(kernel), _cancellation);
            return string.Join("\n", replies.Select(Describe));
        }
    }

    [Fact]
    public async Task ToolLoop_Usage_IsPositiveAndGrowsWithHistory()
    {
        var kernel = KernelFor(new RecordingTools(), TestEvents.IssueOpened());

        var replies = await ToolLoop.RunAsync(new OfflineChatCompletionService(new OfflineRuleSet([s_triage])), kernel, History(), Settings(kernel), _cancellation);

        var calls = TokenUsage.From(replies[0]);
        var answer = TokenUsage.From(replies[1]);
        Assert.True(calls.Input > 0 && calls.Output > 0, calls.ToString());
        Assert.True(answer.Input > calls.Input, $"{answer} after {calls}");
        Assert.Equal((long)Math.Ceiling("Labelled #1 and told #triage.".Length / 4.0), answer.Output);
    }

    [Fact]
    public async Task GetChatMessageContentsAsync_NoEventInKernel_ThrowsNamingDataKey()
    {
        var service = new OfflineChatCompletionService(new OfflineRuleSet([s_triage]));

        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            service.GetChatMessageContentsAsync(History(), kernel: new Kernel(), cancellationToken: _cancellation));
        var noKernel = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            service.GetChatMessageContentsAsync(History(), cancellationToken: _cancellation));

        Assert.Contains($"Kernel.Data[\"{OfflineModel.EventDataKey}\"]; it is missing.", missing.Message, StringComparison.Ordinal);
        Assert.Contains("no kernel was passed", noKernel.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetChatMessageContentsAsync_Cancelled_Throws()
    {
        var service = new OfflineChatCompletionService(new OfflineRuleSet([s_triage]));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            service.GetChatMessageContentsAsync(History(), kernel: KernelFor(new RecordingTools(), TestEvents.IssueOpened()), cancellationToken: new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task GetStreamingChatMessageContentsAsync_ToolCalls_OneChunkThatRebuildsTheCalls()
    {
        var service = new OfflineChatCompletionService(new OfflineRuleSet([s_triage]));
        var kernel = KernelFor(new RecordingTools(), TestEvents.IssueOpened());

        var chunks = await service.GetStreamingChatMessageContentsAsync(History(), kernel: kernel, cancellationToken: _cancellation).ToListAsync(_cancellation);

        var chunk = Assert.Single(chunks);
        var builder = new FunctionCallContentBuilder();
        builder.Append(chunk);
        var calls = builder.Build();
        Assert.Equal(["github.add_labels", "slack.post_message"], calls.Select(call => $"{call.PluginName}.{call.FunctionName}"));
        Assert.Equal("1", calls[0].Arguments!["issueNumber"]?.ToString());
        Assert.True(TokenUsage.From(new ChatMessageContent(AuthorRole.Assistant, chunk.Content) { Metadata = chunk.Metadata }).Output > 0);
    }

    [Fact]
    public void Attributes_ModelId_IsOffline()
    {
        Assert.Equal(OfflineModel.ModelId, new OfflineChatCompletionService(OfflineRuleSet.Empty).GetModelId());
    }

    private static Dictionary<string, JsonNode?> Arguments(string json) =>
        JsonNode.Parse(json)!.AsObject().ToDictionary(property => property.Key, property => property.Value?.DeepClone());

    private static Kernel KernelFor(RecordingTools tools, AmbientEvent @event)
    {
        var kernel = tools.CreateKernel();
        kernel.Data[OfflineModel.EventDataKey] = @event;
        return kernel;
    }

    private static ChatHistory History()
    {
        var history = new ChatHistory("You triage GitHub issues.");
        history.AddUserMessage("A GitHub issue was opened.");
        return history;
    }

    private static PromptExecutionSettings Settings(Kernel kernel) => new()
    {
        FunctionChoiceBehavior = FunctionChoiceBehavior.Auto([.. kernel.Plugins.SelectMany(plugin => plugin)], autoInvoke: false),
    };

    private static string Describe(ChatMessageContent reply) => JsonSerializer.Serialize(new
    {
        reply.Content,
        Calls = FunctionCallContent.GetFunctionCalls(reply).Select(call => $"{call.Id} {call.PluginName}.{call.FunctionName} {JsonSerializer.Serialize(call.Arguments)}"),
        Usage = TokenUsage.From(reply).ToString(),
        Rule = reply.Metadata?[OfflineModel.RuleMetadataKey],
    });
}
