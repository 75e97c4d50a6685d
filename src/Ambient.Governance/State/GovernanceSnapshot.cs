using Ambient.Governance.Policies;

namespace Ambient.Governance.State;

/// <summary>The governance state at one point of the topic: immutable, so a reader never sees half an update.</summary>
/// <param name="Policies">The policy set in force.</param>
/// <param name="Pauses">The pauses in force, by agent name (<c>*</c>: every agent).</param>
/// <param name="Records">Governance records applied so far (0 before the first): tests and logs tell states apart by it.</param>
public sealed record GovernanceSnapshot(PolicySet Policies, IReadOnlyDictionary<string, PauseRecord> Pauses, long Records)
{
    /// <summary>Nothing read yet: no policy, everything allowed, nothing paused.</summary>
    public static GovernanceSnapshot Empty { get; } = new(PolicySet.Empty, new Dictionary<string, PauseRecord>(), 0);

    /// <summary>The pause that holds <paramref name="agent"/>: its own, else the pause of every agent; null when it runs.</summary>
    public PauseRecord? PauseOf(string agent) => Pauses.GetValueOrDefault(agent) ?? Pauses.GetValueOrDefault(GovernanceKeys.AllAgents);
}
