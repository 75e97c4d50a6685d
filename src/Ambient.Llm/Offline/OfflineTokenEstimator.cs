using System.Text.Json.Nodes;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace Ambient.Llm.Offline;

/// <summary>
/// Deterministic token counts for the offline model, so budgets and audit records behave as with a real
/// model: about four characters per token, the usual rule of thumb for English text with GPT tokenizers.
/// </summary>
internal static class OfflineTokenEstimator
{
    private const int CharactersPerToken = 4;

    /// <summary>Tokens of everything the model is shown: every message's role, text, tool calls and tool results.</summary>
    public static long EstimateInput(ChatHistory history) => Tokens(history.Sum(message =>
        (long)message.Role.Label.Length + message.Items.Sum(item => (long)ItemLength(item))));

    /// <summary>Tokens of a text reply.</summary>
    public static long EstimateOutput(string reply) => Tokens(reply.Length);

    /// <summary>Tokens of a reply that asks for tool calls: each call's name and JSON arguments.</summary>
    public static long EstimateOutput(IEnumerable<(string Name, JsonObject Arguments)> calls) =>
        Tokens(calls.Sum(call => (long)call.Name.Length + call.Arguments.ToJsonString().Length));

    private static long Tokens(long characters) => (characters + CharactersPerToken - 1) / CharactersPerToken;

    private static int ItemLength(KernelContent item) => item switch
    {
        TextContent text => text.Text?.Length ?? 0,
        FunctionCallContent call => (call.PluginName?.Length ?? 0) + call.FunctionName.Length
            + (call.Arguments?.Sum(argument => argument.Key.Length + (argument.Value?.ToString()?.Length ?? 0)) ?? 0),
        FunctionResultContent result => (result.PluginName?.Length ?? 0) + (result.FunctionName?.Length ?? 0)
            + (result.Result?.ToString()?.Length ?? 0),
        _ => 0,
    };
}
