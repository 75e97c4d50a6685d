namespace Ambient.Abstractions.Audit;

/// <summary>
/// One record per agent decision on <c>ambient.audit</c>: what came in, what was decided and why, who let it through,
/// at what cost. The members after <paramref name="Time"/> came with the schema's second version; records written
/// before it read them as their defaults.
/// </summary>
/// <param name="RunId">The run.</param>
/// <param name="Agent">The agent's name.</param>
/// <param name="EventId">The input event's CloudEvent id.</param>
/// <param name="EventType">The input event's CloudEvent type.</param>
/// <param name="Outcome">One of <see cref="RunOutcomes"/>.</param>
/// <param name="ReasoningSummary">The model's final answer, or why nothing was done.</param>
/// <param name="ActionIds">Ids of the actions proposed.</param>
/// <param name="RefusedTools">Tools the model asked for that the agent may not use.</param>
/// <param name="InputTokens">Prompt tokens used by the run.</param>
/// <param name="OutputTokens">Completion tokens used by the run.</param>
/// <param name="Model">The model that reasoned (<c>offline</c> or the model id).</param>
/// <param name="PromptHash">SHA-256 of the agent's system prompt and configuration, to tie decisions to versions.</param>
/// <param name="Time">When the decision was made.</param>
public sealed record AuditRecord(
    string RunId,
    string Agent,
    string EventId,
    string EventType,
    string Outcome,
    string? ReasoningSummary,
    IReadOnlyList<string> ActionIds,
    IReadOnlyList<string> RefusedTools,
    long InputTokens,
    long OutputTokens,
    string Model,
    string PromptHash,
    DateTimeOffset Time)
{
    /// <summary>What the agent was given, short: the event's type, source and subject and the start of its data.</summary>
    public string? ContextSummary { get; init; }

    /// <summary>What the run's model calls cost, in US dollars (0 when the model has no price).</summary>
    public decimal CostUsd { get; init; }

    /// <summary>The confidence the model last stated in the run, 0 to 1; null when it stated none.</summary>
    public double? Confidence { get; init; }

    /// <summary>How many secrets were masked in what the run was given (its event, tool results, answers) before a model saw it.</summary>
    public int SecretsMasked { get; init; }

    /// <summary>What the policies decided about each tool call (or the action), with the approvals and who gave them.</summary>
    public IReadOnlyList<AuditDecision> Decisions { get; init; } = [];
}
