using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ambient.Abstractions.Events;

namespace Ambient.Llm.Offline;

/// <summary>Builds the offline model's assistant messages: tool calls, a rule's reply, or a fixed answer.</summary>
internal static class OfflineReplies
{
    /// <summary>An assistant message whose items ask for <paramref name="rule"/>'s calls, with ids <c>call_0</c>, <c>call_1</c>, ….</summary>
    public static ChatReply ToolCalls(CompiledRule rule, AmbientEvent @event, JsonElement? data, long inputTokens)
    {
        var rendered = rule.Calls
            .Select(call => (Name: $"{call.PluginName}.{call.FunctionName}", Arguments: new JsonObject(call.RenderArguments(@event, data))))
            .ToList();
        var output = OfflineTokenEstimator.EstimateOutput(rendered);
        var calls = rendered.Select((call, index) => new ChatToolCall(
            string.Create(CultureInfo.InvariantCulture, $"call_{index}"), call.Name, JsonSerializer.SerializeToElement(call.Arguments))).ToList();
        return new ChatReply(null, calls, new TokenUsage(inputTokens, output), rule.Name);
    }

    /// <summary>An assistant text message, attributed to <paramref name="ruleName"/> (null when no rule matched).</summary>
    public static ChatReply Text(string text, string? ruleName, long inputTokens) =>
        new(text, [], new TokenUsage(inputTokens, OfflineTokenEstimator.EstimateOutput(text)), ruleName);

    /// <summary>The answer when no rule matches the event.</summary>
    public static string NoMatch(AmbientEvent @event) => $"No offline rule matches {@event.Type}; nothing to do.";

    /// <summary>The answer of a rule without a reply once its calls ran: which tools were called, in order.</summary>
    public static string DefaultSummary(string ruleName, IReadOnlyList<ChatTurn> results) => results.Count == 0
        ? $"Offline rule '{ruleName}' matched; no tools were called."
        : $"Offline rule '{ruleName}' called {string.Join(", ", results.Select(ToolName))}.";

    private static string ToolName(ChatTurn result) => result.ToolName is { Length: > 0 } name ? name : "(unnamed tool)";
}
