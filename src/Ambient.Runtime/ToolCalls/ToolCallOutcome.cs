using Ambient.Abstractions.Audit;

namespace Ambient.Runtime.ToolCalls;

/// <summary>What one tool call came to, as the run records it.</summary>
/// <param name="Content">The tool's result as the model reads it (capped), or why it was refused or failed.</param>
/// <param name="Result">refused, failed, read, proposed, delegated or parked (also the telemetry value).</param>
/// <param name="IsRead">A read tool ran (or was answered from the record): its result is journaled and replayed.</param>
/// <param name="Delegation">Delegated: the agent asked and the message, sent by the run's <c>delegate</c> step.</param>
internal sealed record ToolCallOutcome(string Content, string Result, bool IsRead = false, (string Agent, string Message)? Delegation = null)
{
    /// <summary>What governance decided about the call, for the audit; null when no policy filter judged it.</summary>
    public AuditDecision? Decision { get; init; }

    /// <summary>How many secrets were masked in <see cref="Content"/>.</summary>
    public int Masked { get; init; }

    public const string Refused = "refused";
    public const string Failed = "failed";
    public const string Read = "read";
    public const string Proposed = "proposed";
    public const string Delegated = "delegated";
    public const string Parked = "parked";
}
