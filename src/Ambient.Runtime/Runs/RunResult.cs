using Ambient.Abstractions.Audit;
using Ambient.Llm;

namespace Ambient.Runtime.Runs;

/// <summary>How a run ended, what it proposed and refused, what governance decided, and what it cost.</summary>
internal sealed record RunResult(string Outcome, string? Summary, IReadOnlyList<string> ActionIds, IReadOnlyList<string> RefusedTools, TokenUsage Usage)
{
    /// <summary>What the policies decided about the run's calls, with the approvals and who gave them.</summary>
    public IReadOnlyList<AuditDecision> Decisions { get; init; } = [];

    /// <summary>What the run's model calls cost, in US dollars.</summary>
    public decimal CostUsd { get; init; }

    /// <summary>The confidence the model last stated; null when none.</summary>
    public double? Confidence { get; init; }

    /// <summary>How many secrets were masked in the tool results and answers the run was given (the event's are added by the executor).</summary>
    public int SecretsMasked { get; init; }

    /// <summary>The fallback model that gave the run's last reply; null when the agent's own model did.</summary>
    public string? Fallback { get; init; }
}
