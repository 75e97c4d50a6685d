namespace Ambient.Governance.Policies;

/// <summary>
/// The zones an agent's calls to one tool can fall in under a policy set, whatever the call's arguments, event and time
/// (<see cref="PolicySet.ZonesOf"/>): what the inventory shows, and what an agent's <see cref="RiskTier"/> is made of.
/// </summary>
/// <param name="Agent">The agent.</param>
/// <param name="Tool">The tool, <c>plugin.function</c>.</param>
/// <param name="Zones">Per policy in set order, each rule that can decide such a call and, unless an earlier rule always
/// does, the policy's default; empty when no policy is in force (every call is allowed).</param>
public sealed record ToolZones(string Agent, string Tool, IReadOnlyList<PolicyZone> Zones)
{
    /// <summary>
    /// The least restrictive decision the set can make for such a call. Each policy decides by one of its zones and the most
    /// restrictive policy wins, so no call is decided below the most restrictive of the policies' least restrictive zones.
    /// </summary>
    public PolicyVerdict Floor => Zones.GroupBy(zone => zone.Policy, StringComparer.Ordinal)
        .Select(policy => policy.Min(zone => zone.Verdict))
        .DefaultIfEmpty(PolicyVerdict.Allow)
        .Max();

    /// <summary>The verdicts the set as a whole can decide such a call by, least restrictive first.</summary>
    public IReadOnlyList<PolicyVerdict> Verdicts => Zones.Count == 0
        ? [PolicyVerdict.Allow]
        : [.. Zones.Select(zone => zone.Verdict).Where(verdict => verdict >= Floor).Distinct().Order()];

    /// <summary>True when some call can be denied.</summary>
    public bool CanBeDenied => Verdicts.Contains(PolicyVerdict.Deny);

    /// <summary>The riskiest zone a call that goes ahead can be in; null when every call is denied.</summary>
    public RiskTier? Tier => Verdicts.LastOrDefault(verdict => verdict != PolicyVerdict.Deny, PolicyVerdict.Deny) switch
    {
        PolicyVerdict.Allow => RiskTier.Green,
        PolicyVerdict.Review => RiskTier.Yellow,
        PolicyVerdict.Approve => RiskTier.Red,
        _ => null,
    };
}
