namespace Ambient.Runtime.Replays;

/// <summary>How a replay gets its model answers.</summary>
public enum ReplayMode
{
    /// <summary>From the original run's checkpoints: the action stream must come out identical.</summary>
    Recorded,

    /// <summary>From the agent's model, asked again (e.g. after a prompt fix): the report lists what changed.</summary>
    Live,
}
