namespace Ambient.Governance.Policies;

/// <summary>An agent's <see cref="RiskTier"/>, and tiers as the CLI and Agent Cards write them.</summary>
public static class RiskTiers
{
    /// <summary>The riskiest tier among <paramref name="effectTools"/>; green when there are none or every call is denied.</summary>
    /// <param name="effectTools">The zones of the agent's effect tools (read tools change nothing, so they have no tier).</param>
    public static RiskTier Of(IEnumerable<ToolZones> effectTools)
    {
        ArgumentNullException.ThrowIfNull(effectTools);
        return effectTools.Select(zones => zones.Tier ?? RiskTier.Green).DefaultIfEmpty(RiskTier.Green).Max();
    }

    /// <summary><c>green</c>, <c>yellow</c> or <c>red</c>.</summary>
    public static string ToText(this RiskTier tier) => tier switch
    {
        RiskTier.Green => "green",
        RiskTier.Yellow => "yellow",
        _ => "red",
    };
}
