using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ambient.Abstractions.Events;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace Ambient.Llm.Offline;

/// <summary>Builds the offline model's assistant messages: tool calls, a rule's reply, or a fixed answer.</summary>
internal static class OfflineReplies
{
    /// <summary>An assistant message whose items ask for <paramref name="rule"/>'s calls, with ids <c>call_0</c>, <c>call_1</c>, ….</summary>
    public static ChatMessageContent ToolCalls(CompiledRule rule, AmbientEvent @event, JsonElement? data, long inputTokens)
    {
        var rendered = rule.Calls
            .Select(call => (Call: call, Arguments: new JsonObject(call.RenderArguments(@event, data))))
            .ToList();
        var output = OfflineTokenEstimator.EstimateOutput(rendered.Select(r => ($"{r.Call.PluginName}.{r.Call.FunctionName}", r.Arguments)));
        var message = Message(content: null, rule.Name, new TokenUsage(inputTokens, output));
        for (var index = 0; index < rendered.Count; index++)
        {
            var (call, arguments) = rendered[index];
            message.Items.Add(new FunctionCallContent(
                call.FunctionName,
                call.PluginName,
                string.Create(CultureInfo.InvariantCulture, $"call_{index}"),
                ToKernelArguments(arguments)));
        }

        return message;
    }

    /// <summary>An assistant text message, attributed to <paramref name="ruleName"/> (null when no rule matched).</summary>
    public static ChatMessageContent Text(string text, string? ruleName, long inputTokens) =>
        Message(text, ruleName, new TokenUsage(inputTokens, OfflineTokenEstimator.EstimateOutput(text)));

    /// <summary>The answer when no rule matches the event.</summary>
    public static string NoMatch(AmbientEvent @event) => $"No offline rule matches {@event.Type}; nothing to do.";

    /// <summary>The answer of a rule without a reply once its calls ran: which tools were called, in order.</summary>
    public static string DefaultSummary(string ruleName, IReadOnlyList<FunctionResultContent> results) => results.Count == 0
        ? $"Offline rule '{ruleName}' matched; no tools were called."
        : $"Offline rule '{ruleName}' called {string.Join(", ", results.Select(ToolName))}.";

    // Strings stay strings; every other value is passed as a JsonElement, which Semantic Kernel's method
    // functions deserialize into the parameter's type (int, long, bool, string[], records), like the
    // values the OpenAI connector produces with RetainArgumentTypes.
    private static KernelArguments ToKernelArguments(JsonObject arguments)
    {
        var values = new KernelArguments();
        foreach (var (name, value) in arguments)
        {
            values[name] = value switch
            {
                null => null,
                JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String => scalar.GetValue<string>(),
                _ => JsonSerializer.SerializeToElement(value),
            };
        }

        return values;
    }

    private static ChatMessageContent Message(string? content, string? ruleName, TokenUsage usage) =>
        new(AuthorRole.Assistant, content, OfflineModel.ModelId, metadata: new Dictionary<string, object?>
        {
            [OfflineModel.RuleMetadataKey] = ruleName,
            [TokenUsage.MetadataKey] = usage,
        });

    private static string ToolName(FunctionResultContent result) =>
        result.PluginName is { Length: > 0 } plugin ? $"{plugin}.{result.FunctionName}" : result.FunctionName ?? "(unnamed tool)";
}
