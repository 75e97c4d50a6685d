namespace Ambient.Governance.Policies;

/// <summary>
/// One decision a policy can make for an agent's calls to a tool (<see cref="PolicySet.ZonesOf"/>): by which rule, or by
/// the policy's default, and when.
/// </summary>
/// <param name="Verdict">What the rule or default decides.</param>
/// <param name="Policy">The policy.</param>
/// <param name="Rule">The rule; null when it is the policy's <c>default</c>.</param>
/// <param name="Condition">
/// When: <c>always</c>; <c>otherwise</c> (a rule that always matches, or the default, after rules that may match and decide
/// instead); or <c>when</c> and the conditions that depend on the call, e.g. <c>when $.namespace matches ^prod</c>.
/// </param>
public sealed record PolicyZone(PolicyVerdict Verdict, string Policy, string? Rule, string Condition)
{
    /// <summary>Where the zone comes from: <c>policy/rule</c>, or <c>default of policy</c>.</summary>
    public string Source => Rule is null ? $"default of {Policy}" : $"{Policy}/{Rule}";

    /// <summary>E.g. <c>approve when $.namespace matches ^prod (default-zones/prod-workload-changes-need-approval)</c>.</summary>
    public override string ToString() => $"{Verdict.ToText()} {Condition} ({Source})";
}
