using System.Net;
using System.Text.Json;
using Ambient.Llm.Prompts;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace Ambient.Llm.OpenAi;

/// <summary>
/// An OpenAI-compatible endpoint behind <see cref="IChatModel"/>, through Semantic Kernel's connector: the conversation
/// becomes a <see cref="ChatHistory"/>, the tools become functions the model may ask for (never auto-invoked), and the
/// reply's function calls come back as <see cref="ChatToolCall"/>s. Results from outside reach the model fenced as data.
/// </summary>
internal sealed class OpenAiChatModel(string modelId, IChatCompletionService chat) : IChatModel
{
    private readonly ToolFunctionCache _tools = new();

    public string ModelId => modelId;

    public async Task<ChatReply> CompleteAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (kernel, settings) = _tools.For(request.Tools, request.MaxOutputTokens);
        ChatMessageContent reply;
        try
        {
            reply = (await chat.GetChatMessageContentsAsync(History(request), settings, kernel, cancellationToken)).Single();
        }
        catch (HttpOperationException ex) when (IsEndpointFailure(ex.StatusCode))
        {
            throw new ModelUnavailableException($"The model endpoint of {modelId} is unavailable or misconfigured: {ex.Message}", ex);
        }

        var calls = reply.Items.OfType<FunctionCallContent>()
            .Select(c => new ChatToolCall(c.Id ?? string.Empty, string.IsNullOrEmpty(c.PluginName) ? c.FunctionName : $"{c.PluginName}.{c.FunctionName}", ArgumentsOf(c)))
            .ToList();
        return new ChatReply(reply.Content, calls, TokenUsage.From(reply));
    }

    private static ChatHistory History(ChatRequest request)
    {
        var history = new ChatHistory(request.SystemPrompt);
        foreach (var turn in request.Turns)
        {
            switch (turn.Role)
            {
                case ChatRole.User:
                    history.AddUserMessage(turn.Content ?? string.Empty);
                    break;
                case ChatRole.Assistant:
                    var message = new ChatMessageContent(AuthorRole.Assistant, turn.Content);
                    foreach (var call in turn.ToolCalls)
                    {
                        var (plugin, function) = Split(call.Name);
                        message.Items.Add(new FunctionCallContent(function, plugin, call.Id, KernelArgumentsOf(call.Arguments)));
                    }

                    history.Add(message);
                    break;
                default:
                    var (resultPlugin, resultFunction) = Split(turn.ToolName ?? string.Empty);
                    history.Add(new FunctionResultContent(resultFunction, resultPlugin, turn.CallId, Shown(turn)).ToChatMessage());
                    break;
            }
        }

        return history;
    }

    /// <summary>A result from outside goes in fenced as data (it is already capped by the runtime).</summary>
    private static string Shown(ChatTurn turn)
    {
        if (!turn.IsUntrusted)
        {
            return turn.Content ?? string.Empty;
        }

        var fenced = new System.Text.StringBuilder();
        UntrustedData.Append(fenced, $"tool result {turn.ToolName}", turn.Content ?? string.Empty, int.MaxValue);
        return fenced.ToString();
    }

    private static (string? Plugin, string Function) Split(string name)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? (name[..dot], name[(dot + 1)..]) : (null, name);
    }

    // Strings stay strings; other values go as JsonElement, which is how the connector itself hands arguments back.
    private static KernelArguments KernelArgumentsOf(JsonElement arguments)
    {
        var values = new KernelArguments();
        if (arguments.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in arguments.EnumerateObject())
            {
                values[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Null => null,
                    _ => property.Value.Clone(),
                };
            }
        }

        return values;
    }

    private static JsonElement ArgumentsOf(FunctionCallContent call) =>
        JsonSerializer.SerializeToElement(call.Arguments?.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal) ?? []);

    /// <summary>
    /// No answer (connection refused, reset), the endpoint overloaded or down (408, 429, 5xx), or not set up for this agent
    /// (401, 403, 404: a key, a model or a URL to fix): nothing about the event. A 400 or 413 may be the event's (a prompt
    /// too long), so it is not counted as the endpoint's.
    /// </summary>
    private static bool IsEndpointFailure(HttpStatusCode? status) =>
        status is null or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.Unauthorized
            or HttpStatusCode.Forbidden or HttpStatusCode.NotFound or >= HttpStatusCode.InternalServerError;
}
