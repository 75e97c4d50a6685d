namespace Ambient.Runtime.Replays;

/// <summary>Where a replay's actions go. The default is the shadow topic: a replay never acts unless asked to.</summary>
public enum ReplayOutput
{
    /// <summary>The shadow actions topic (<c>ambient.actions.shadow</c>), which no executor reads (the default).</summary>
    Shadow,

    /// <summary>
    /// The live actions topic, where executors act on them. The replay's action ids are new (<c>originalRunId~replayId/…</c>),
    /// so executors do not deduplicate them against the original run's: every action is carried out again.
    /// </summary>
    Live,
}
