namespace Ambient.Runtime.Runs;

/// <summary>
/// The topics the run core reads and writes, named by its host from the Kafka layer's configuration
/// (<c>Ambient:Topics</c>, <c>RunTopics</c>): the runtime itself binds no Kafka settings.
/// </summary>
public sealed class RunTopics
{
    /// <summary>Where proposed actions go.</summary>
    public required string Actions { get; init; }

    /// <summary>Where a shadow replay's actions go, so the live topic never sees them.</summary>
    public required string ShadowActions { get; init; }

    /// <summary>One record per decision.</summary>
    public required string Audit { get; init; }

    /// <summary>Where what happened to agents themselves is published as CloudEvents (their health).</summary>
    public string AgentEvents { get; init; } = "ambient.events.agents";

    /// <summary>The compacted checkpoints.</summary>
    public required string Checkpoints { get; init; }

    /// <summary>Operator commands to workers, keyed by run.</summary>
    public required string Control { get; init; }

    /// <summary>Prefix of the agents' A2A inboxes.</summary>
    public required string A2aInboxPrefix { get; init; }

    /// <summary>The topics an agent file may name by source (<c>topic: github</c>): github, slack, cluster, schedule, custom.</summary>
    public required IReadOnlyDictionary<string, string> Sources { get; init; }

    /// <summary>The A2A inbox of <paramref name="agent"/>.</summary>
    public string A2aInbox(string agent) => A2aInboxPrefix + agent;
}
