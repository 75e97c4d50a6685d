using Ambient.Abstractions.Audit;
using Ambient.Executor.Ledger;

namespace Ambient.Executor.Execution;

/// <summary>How an action ended, as the ledger, the outcome event and the audit record say it.</summary>
/// <param name="State">Applied, failed or skipped (<see cref="LedgerStates"/>).</param>
/// <param name="ExternalId">What the target calls the result, when applied.</param>
/// <param name="Link">Where a person can see it.</param>
/// <param name="Reason">Why it failed or was skipped (for a dry-run: what would have been sent).</param>
/// <param name="Retryable">A failure because the target stayed unavailable, not a refusal.</param>
internal sealed record ActionOutcome(string State, string? ExternalId, string? Link, string? Reason, bool Retryable)
{
    /// <summary>What the policies decided about the action here, with its approval; null when no policy judged it.</summary>
    public AuditDecision? Decision { get; init; }

    /// <summary>
    /// The longest reason, id or link kept: they come from the target's answer (an error body, a tool's text) and go
    /// into the ledger, the outcome event and the audit record, which must stay small records whatever a server says.
    /// </summary>
    public const int MaxText = 2_000;

    public static ActionOutcome Applied(string? externalId, string? link) => new(LedgerStates.Applied, Cap(externalId), Cap(link), null, false);

    public static ActionOutcome Failed(string reason, bool retryable) => new(LedgerStates.Failed, null, null, Cap(reason), retryable);

    public static ActionOutcome Skipped(string reason) => new(LedgerStates.Skipped, null, null, Cap(reason), false);

    private static string? Cap(string? text) => text is { Length: > MaxText } ? string.Concat(text.AsSpan(0, MaxText - 1), "…") : text;
}
