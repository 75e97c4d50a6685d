namespace Ambient.Abstractions.Audit;

/// <summary>
/// What governance decided about one tool call of a run (or one action, at the executor), as the audit keeps it: the
/// policy's decision and the rule that made it and, for a call that needed a human, the approval and who answered it.
/// </summary>
/// <param name="Tool">The tool, as <c>plugin.function</c>.</param>
/// <param name="Decision">The policies' decision: <c>allow</c>, <c>review</c>, <c>approve</c> or <c>deny</c>.</param>
/// <param name="Rule">The rule that decided, as <c>policy/rule</c>; null when no rule matched (the default, allow).</param>
/// <param name="Reason">The rule's reason, or the explanation of the default.</param>
public sealed record AuditDecision(string Tool, string Decision, string? Rule, string? Reason)
{
    /// <summary>For a call that needed approval: the approval request's id.</summary>
    public string? ApprovalId { get; init; }

    /// <summary>For a call that needed approval: <c>approved</c>, <c>denied</c> or <c>expired</c>.</summary>
    public string? Answer { get; init; }

    /// <summary>Who answered the approval (a person, or <c>ambient</c> for an expiry).</summary>
    public string? AnsweredBy { get; init; }

    /// <summary>True when the answer came from someone outside the rule's approvers (an override).</summary>
    public bool Override { get; init; }
}
