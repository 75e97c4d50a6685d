using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ambient.Abstractions.Events;

namespace Ambient.Llm.Offline;

/// <summary>Builds the offline model's assistant messages: tool calls, a rule's reply, or a fixed answer.</summary>
internal static class OfflineReplies
{
    /// <summary>A reply asking for one turn's calls of <paramref name="rule"/>, each with id <c>call_&lt;its index in the rule&gt;</c>.</summary>
    public static ChatReply ToolCalls(CompiledRule rule, IReadOnlyList<(int Index, CompiledToolCall Call)> turn, AmbientEvent @event, JsonElement? data,
        IReadOnlyDictionary<string, JsonElement> results, long inputTokens)
    {
        var rendered = turn
            .Select(c => (c.Index, Name: $"{c.Call.PluginName}.{c.Call.FunctionName}", Arguments: new JsonObject(c.Call.RenderArguments(@event, data, results))))
            .ToList();
        var output = OfflineTokenEstimator.EstimateOutput(rendered.Select(r => (r.Name, r.Arguments)));
        var calls = rendered.Select(call => new ChatToolCall(
            CallId(call.Index), call.Name, JsonSerializer.SerializeToElement(call.Arguments))).ToList();
        var reasoning = rule.Reasoning?.RenderText(@event, data, results);
        return new ChatReply(reasoning, calls, new TokenUsage(inputTokens, output + (reasoning is null ? 0 : OfflineTokenEstimator.EstimateOutput(reasoning))), rule.Name);
    }

    /// <summary>The id of the rule's call at <paramref name="index"/>: unique within the run, whichever turn asks for it.</summary>
    public static string CallId(int index) => string.Create(CultureInfo.InvariantCulture, $"call_{index}");

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
