using Ambient.Governance.Policies.Matching;

namespace Ambient.Governance.Policies;

/// <summary>One rule of a policy: when its match holds for a call, and it is the first of its policy that does, it decides.</summary>
public sealed class PolicyRule
{
    internal PolicyRule(string name, PolicyVerdict verdict, string? reason, Approval? approval, RuleMatch match)
    {
        Name = name;
        Verdict = verdict;
        Reason = reason;
        Approval = approval;
        Match = match;
    }

    /// <summary>The rule's name, unique within its policy.</summary>
    public string Name { get; }

    /// <summary>What the rule decides when it matches.</summary>
    public PolicyVerdict Verdict { get; }

    /// <summary>Why, in the author's words: the model reads it on deny, humans on review and approve; null when not given.</summary>
    public string? Reason { get; }

    /// <summary>For <see cref="PolicyVerdict.Approve"/>: who may answer (Slack user ids or user names); empty otherwise.</summary>
    public IReadOnlyList<string> Approvers => Approval?.Approvers ?? [];

    /// <summary>For <see cref="PolicyVerdict.Approve"/>: how long the request waits (1 hour unless set); <see cref="TimeSpan.Zero"/> otherwise.</summary>
    public TimeSpan ExpiresIn => Approval?.ExpiresIn ?? TimeSpan.Zero;

    /// <summary>For <see cref="PolicyVerdict.Approve"/>: the verdict when nobody answers in time, <see cref="PolicyVerdict.Deny"/> unless set to <see cref="PolicyVerdict.Allow"/>; <see cref="PolicyVerdict.Deny"/> otherwise.</summary>
    public PolicyVerdict OnExpiry => Approval?.OnExpiry ?? PolicyVerdict.Deny;

    internal Approval? Approval { get; }

    internal RuleMatch Match { get; }
}
