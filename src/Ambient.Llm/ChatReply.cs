namespace Ambient.Llm;

/// <summary>A model's reply: text, tool calls, or both, and what it cost.</summary>
/// <param name="Text">What the model said; null when it only calls tools.</param>
/// <param name="ToolCalls">The tools it asks for, in order.</param>
/// <param name="Usage">Tokens the call consumed (estimated by the offline model).</param>
/// <param name="Rule">The offline rule that answered; null for other models.</param>
public sealed record ChatReply(string? Text, IReadOnlyList<ChatToolCall> ToolCalls, TokenUsage Usage, string? Rule = null)
{
    /// <summary>The model that answered when it was one of the agent's fallbacks (its model id); null for the agent's own model.</summary>
    public string? Fallback { get; init; }
}
