using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ambient.Llm.Offline;

/// <summary>
/// Deterministic token counts for the offline model, so budgets and audit records behave as with a real
/// model: about four characters per token, the usual rule of thumb for English text with GPT tokenizers.
/// </summary>
internal static class OfflineTokenEstimator
{
    private const int CharactersPerToken = 4;

    /// <summary>Tokens of everything the model is shown: the system prompt, and every turn's role, text, tool calls and results.</summary>
    public static long EstimateInput(ChatRequest request) =>
        Tokens("system".Length + request.SystemPrompt.Length + request.Turns.Sum(TurnLength));

    /// <summary>Tokens of a text reply.</summary>
    public static long EstimateOutput(string reply) => Tokens(reply.Length);

    /// <summary>Tokens of a reply that asks for tool calls: each call's name and JSON arguments.</summary>
    public static long EstimateOutput(IEnumerable<(string Name, JsonObject Arguments)> calls) =>
        Tokens(calls.Sum(call => (long)call.Name.Length + call.Arguments.ToJsonString().Length));

    private static long Tokens(long characters) => (characters + CharactersPerToken - 1) / CharactersPerToken;

    private static long TurnLength(ChatTurn turn) => turn.Role switch
    {
        ChatRole.User => "user".Length + (turn.Content?.Length ?? 0),
        ChatRole.Assistant => "assistant".Length + (turn.Content?.Length ?? 0) + turn.ToolCalls.Sum(c => (long)c.Name.Length - 1 + ArgumentsLength(c.Arguments)),
        _ => "tool".Length + (turn.ToolName?.Length ?? 1) - 1 + (turn.Content?.Length ?? 0),
    };

    // Each argument's name and value, strings without quotes (as the estimate has always counted them).
    private static long ArgumentsLength(JsonElement arguments) => arguments.ValueKind != JsonValueKind.Object ? 0 : arguments.EnumerateObject()
        .Sum(p => (long)p.Name.Length + (p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()!.Length : p.Value.ValueKind == JsonValueKind.Null ? 0 : p.Value.GetRawText().Length));
}
