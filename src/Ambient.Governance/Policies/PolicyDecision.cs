using Ambient.Abstractions.Audit;

namespace Ambient.Governance.Policies;

/// <summary>What a <see cref="PolicySet"/> decided for one call, who decided it, and how it got there.</summary>
/// <param name="Verdict">The most restrictive verdict of all policies.</param>
/// <param name="Policy">The policy that decided; null when no rule matched anywhere and the verdict is the default, allow.</param>
/// <param name="Rule">The rule that decided; null when a policy's <c>default</c> did, or nothing matched.</param>
/// <param name="Reason">The rule's reason, or one naming policy and rule, e.g. <c>rule prod-restarts of policy default-zones: approve</c>.</param>
/// <param name="Approvers">For <see cref="PolicyVerdict.Approve"/>: who may answer; empty otherwise.</param>
/// <param name="ExpiresIn">For <see cref="PolicyVerdict.Approve"/>: how long the request waits; null otherwise.</param>
/// <param name="OnExpiry">For <see cref="PolicyVerdict.Approve"/>: the verdict when nobody answers in time; null otherwise.</param>
/// <param name="Explanation">One line per policy and per rule evaluated: which condition did not hold, or that it matched.</param>
public sealed record PolicyDecision(
    PolicyVerdict Verdict,
    string? Policy,
    string? Rule,
    string Reason,
    IReadOnlyList<string> Approvers,
    TimeSpan? ExpiresIn,
    PolicyVerdict? OnExpiry,
    IReadOnlyList<string> Explanation)
{
    /// <summary>The decision about <paramref name="tool"/> as the audit keeps it: the verdict and <c>policy/rule</c> (<c>policy/default</c>).</summary>
    public AuditDecision ToAudit(string tool) =>
        new(tool, Verdict.ToText(), Policy is null ? null : $"{Policy}/{Rule ?? "default"}", Reason);
}
