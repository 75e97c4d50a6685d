namespace Ambient.Governance.Policies;

/// <summary>
/// How much an agent may do on its own under the policies in force: the riskiest zone any of its effect tools can fall
/// in (<see cref="RiskTiers.Of"/>). Deny is not a tier: a denied call does nothing, so it is listed beside the tier.
/// </summary>
public enum RiskTier
{
    /// <summary>Every effect goes ahead on its own (allow only).</summary>
    Green = 0,

    /// <summary>Some effects go ahead and a human looks afterwards (review).</summary>
    Yellow = 1,

    /// <summary>Some effects wait for a human's yes first (approve).</summary>
    Red = 2,
}
