using Ambient.Governance.Policies;

namespace Ambient.Governance.State;

/// <summary>The governance state at one point of the topic: immutable, so a reader never sees half an update.</summary>
/// <param name="Policies">The policy set in force.</param>
/// <param name="Records">Governance records applied so far (0 before the first): tests and logs tell states apart by it.</param>
public sealed record GovernanceSnapshot(PolicySet Policies, long Records)
{
    /// <summary>Nothing read yet: no policy, everything allowed.</summary>
    public static GovernanceSnapshot Empty { get; } = new(PolicySet.Empty, 0);
}
