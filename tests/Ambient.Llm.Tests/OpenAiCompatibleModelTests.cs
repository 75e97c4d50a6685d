using System.Net;
using System.Text.Json.Nodes;
using Ambient.Llm.Offline;
using Ambient.Llm.Tests.Support;
using Ambient.Testing.FakeOpenAi;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace Ambient.Llm.Tests;

/// <summary>The openai-compatible model end to end: Semantic Kernel's OpenAI connector over HTTP to the fake server.</summary>
public sealed class OpenAiCompatibleModelTests : IAsyncLifetime
{
    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;
    private readonly RecordingTools _tools = new();
    private FakeOpenAiServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FakeOpenAiServer.StartAsync(cancellationToken: _cancellation);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task GetChatMessageContentsAsync_ScriptedToolCalls_ReturnsCallsWithoutInvoking()
    {
        _server.Enqueue(FakeOpenAiReply.WithToolCalls(
            [
                new FakeToolCall("call_abc", "github-add_labels", new JsonObject { ["issueNumber"] = 1, ["labels"] = new JsonArray("bug", "docs") }),
                new FakeToolCall("call_def", "slack-post_message", new JsonObject { ["channel"] = "#triage", ["text"] = "New issue" }),
            ],
            promptTokens: 321,
            completionTokens: 45));
        var kernel = _tools.CreateKernel();

        var reply = await Model().GetChatMessageContentAsync(History(), Settings(kernel), kernel, _cancellation);

        Assert.Empty(_tools.Calls);
        var calls = FunctionCallContent.GetFunctionCalls(reply).ToList();
        Assert.Equal(["call_abc", "call_def"], calls.Select(call => call.Id));
        Assert.Equal(["github.add_labels", "slack.post_message"], calls.Select(call => $"{call.PluginName}.{call.FunctionName}"));
        // By default the connector hands every argument over as the text of its JSON value.
        Assert.Equal("1", Assert.IsType<string>(calls[0].Arguments!["issueNumber"]));
        Assert.Equal("""["bug","docs"]""", Assert.IsType<string>(calls[0].Arguments!["labels"]));
        Assert.Equal("#triage", Assert.IsType<string>(calls[1].Arguments!["channel"]));
        Assert.Equal(new TokenUsage(321, 45), TokenUsage.From(reply));
    }

    [Fact]
    public async Task GetChatMessageContentsAsync_AllowedToolsAndMaxTokens_AreSentOnTheWire()
    {
        _server.Enqueue(FakeOpenAiReply.WithText("nothing to do"));
        var kernel = _tools.CreateKernel();

        await Model().GetChatMessageContentAsync(History(), Settings(kernel), kernel, _cancellation);

        var request = Assert.Single(_server.Requests);
        Assert.Equal(["github-add_labels", "slack-post_message"], request.ToolNames);
        Assert.Equal(256, request.MaxTokens);
        Assert.Equal(256, request.Body["max_completion_tokens"]?.GetValue<int>());
        Assert.Null(request.Body["max_tokens"]);
        Assert.Equal("auto", request.Body["tool_choice"]?.GetValue<string>());
        Assert.Equal(["system", "user"], request.Messages.Select(message => message["role"]!.GetValue<string>()));
        Assert.Equal("gpt-4o-mini", request.Model);
    }

    [Fact]
    public async Task GetChatMessageContentsAsync_RetainArgumentTypes_ArgumentsAreJsonElements()
    {
        _server.Enqueue(FakeOpenAiReply.WithToolCalls(
            [new FakeToolCall("call_1", "github-add_labels", new JsonObject { ["issueNumber"] = 3, ["labels"] = new JsonArray("bug") })]));
        var kernel = _tools.CreateKernel();
        var settings = Settings(kernel);
#pragma warning disable SKEXP0001 // RetainArgumentTypes is experimental; this pins what it does in 1.82.
        settings.FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(autoInvoke: false, options: new() { RetainArgumentTypes = true });
#pragma warning restore SKEXP0001

        var reply = await Model().GetChatMessageContentAsync(History(), settings, kernel, _cancellation);

        var arguments = FunctionCallContent.GetFunctionCalls(reply).Single().Arguments!;
        Assert.Equal(3, Assert.IsType<System.Text.Json.JsonElement>(arguments["issueNumber"]).GetInt32());
        Assert.Equal("""["bug"]""", Assert.IsType<System.Text.Json.JsonElement>(arguments["labels"]).GetRawText());
    }

    [Fact]
    public async Task ToolLoop_ScriptedCallsThenText_InvokesTypedToolsAndSendsResults()
    {
        _server.Enqueue(
            FakeOpenAiReply.WithToolCalls([new FakeToolCall("call_1", "github-add_labels", new JsonObject { ["issueNumber"] = 7, ["labels"] = new JsonArray("bug") })]),
            FakeOpenAiReply.WithText("Labelled #7.", promptTokens: 60, completionTokens: 4));
        var kernel = _tools.CreateKernel();

        var replies = await ToolLoop.RunAsync(Model(), kernel, History(), Settings(kernel), _cancellation);

        Assert.Equal(["github.add_labels(7|[bug])"], _tools.Calls);
        Assert.Equal("Labelled #7.", replies[^1].Content);
        Assert.Equal(new TokenUsage(60, 4), TokenUsage.From(replies[^1]));
        var followUp = _server.Requests[1].Messages;
        Assert.Equal(["system", "user", "assistant", "tool"], followUp.Select(message => message["role"]!.GetValue<string>()));
        Assert.Equal("github-add_labels", followUp[2]["tool_calls"]![0]!["function"]!["name"]!.GetValue<string>());
        Assert.Equal("call_1", followUp[3]["tool_call_id"]!.GetValue<string>());
        Assert.Equal("ok: github.add_labels(7|[bug])", followUp[3]["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task FakeServer_ScriptExhausted_Answers500SayingSo()
    {
        using var http = new HttpClient();

        using var response = await http.PostAsync(
            new Uri($"{_server.Endpoint}/chat/completions"),
            new StringContent("""{"model":"m","messages":[]}""", System.Text.Encoding.UTF8, "application/json"),
            _cancellation);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("the script is exhausted; request 1 has no scripted reply", await response.Content.ReadAsStringAsync(_cancellation), StringComparison.Ordinal);
        Assert.Single(_server.Requests);
    }

    private IChatCompletionService Model() => new ChatModelFactory(_ => null).Create(
        new ModelSpec(ModelSpec.OpenAiCompatible, _server.Endpoint, "gpt-4o-mini"),
        OfflineRuleSet.Empty);

    private static ChatHistory History()
    {
        var history = new ChatHistory("You triage GitHub issues.");
        history.AddUserMessage("Issue #7 was opened: the README has a typo.");
        return history;
    }

    // The runtime's settings: only the agent's allowed tools, never invoked by SK, and a token cap.
    private static OpenAIPromptExecutionSettings Settings(Kernel kernel) => new()
    {
        FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(
            [kernel.Plugins.GetFunction("github", "add_labels"), kernel.Plugins.GetFunction("slack", "post_message")],
            autoInvoke: false),
        MaxTokens = 256,
    };
}
