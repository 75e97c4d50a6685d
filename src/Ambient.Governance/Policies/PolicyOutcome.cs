namespace Ambient.Governance.Policies;

/// <summary>What one policy decided for a call: by its first matching rule, or by its default when <see cref="Rule"/> is null.</summary>
internal readonly record struct PolicyOutcome(PolicyDocument Policy, PolicyRule? Rule)
{
    public PolicyVerdict Verdict => Rule?.Verdict ?? Policy.Default;

    /// <summary>False when no rule matched and the default is allow: the policy has nothing to say about the call.</summary>
    public bool HasOpinion => Rule is not null || Policy.Default != PolicyVerdict.Allow;

    public PolicyDecision ToDecision(IReadOnlyList<string> explanation)
    {
        var approval = Verdict == PolicyVerdict.Approve ? Rule?.Approval ?? Policy.DefaultApproval : null;
        var reason = Rule switch
        {
            { Reason: { } written } => written,
            { } rule => $"rule {rule.Name} of policy {Policy.Name}: {Verdict.ToText()}",
            null => $"default of policy {Policy.Name}: {Verdict.ToText()}",
        };
        return new PolicyDecision(Verdict, Policy.Name, Rule?.Name, reason, approval?.Approvers ?? [], approval?.ExpiresIn, approval?.OnExpiry, explanation);
    }
}
