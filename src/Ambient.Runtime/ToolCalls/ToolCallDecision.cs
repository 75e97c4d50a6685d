using Ambient.Abstractions.Audit;

namespace Ambient.Runtime.ToolCalls;

/// <summary>What a filter decided about a tool call.</summary>
public sealed record ToolCallDecision
{
    private ToolCallDecision(ToolCallVerdict verdict, string? reason, string? approvalId = null)
    {
        Verdict = verdict;
        Reason = reason;
        ApprovalId = approvalId;
    }

    /// <summary>Allow, deny or park.</summary>
    public ToolCallVerdict Verdict { get; }

    /// <summary>Deny: what the model reads; park: why the run waits.</summary>
    public string? Reason { get; }

    /// <summary>For an allowed call a human approved: the approval request, carried on the action it proposes.</summary>
    public string? ApprovalId { get; }

    /// <summary>What governance decided, as the run's audit record keeps it (set by a policy filter with <see cref="Audited"/>).</summary>
    public AuditDecision? Audit { get; private init; }

    /// <summary>This decision, with what the audit should keep of it.</summary>
    public ToolCallDecision Audited(AuditDecision audit) => new(Verdict, Reason, ApprovalId) { Audit = audit };

    /// <summary>The call may go on to the next filter, then the tool.</summary>
    public static ToolCallDecision Allow { get; } = new(ToolCallVerdict.Allow, null);

    /// <summary>Allowed because a human approved request <paramref name="approvalId"/>; the action the call proposes carries it.</summary>
    public static ToolCallDecision Approved(string approvalId, string reason) => new(ToolCallVerdict.Allow, reason, approvalId);

    /// <summary>The call is refused; the model reads <paramref name="reason"/> as the tool's result and may try otherwise.</summary>
    public static ToolCallDecision Deny(string reason) => new(ToolCallVerdict.Deny, reason);

    /// <summary>
    /// The run waits (checkpointed, holding nothing) with the call undecided; when it is driven again the call passes the
    /// filters again, the way a delegation parks a run until its answer.
    /// </summary>
    public static ToolCallDecision Park(string reason) => new(ToolCallVerdict.Park, reason);
}
