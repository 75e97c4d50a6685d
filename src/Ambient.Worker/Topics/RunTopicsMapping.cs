using Ambient.Kafka.Topics;
using Ambient.Runtime.Runs;

namespace Ambient.Worker.Topics;

/// <summary>The run core's topics, named from the Kafka layer's configuration.</summary>
public static class RunTopicsMapping
{
    /// <summary>The topics runs read and write, and the sources agent files may name, from <paramref name="topics"/>.</summary>
    public static RunTopics ForRuns(this AmbientTopics topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        return new RunTopics
        {
            Actions = topics.Actions,
            ShadowActions = topics.ShadowActions,
            Audit = topics.Audit,
            AgentEvents = topics.AgentEvents,
            Checkpoints = topics.Checkpoints,
            Control = topics.Control,
            A2aInboxPrefix = topics.A2aInboxPrefix,
            Sources = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["github"] = topics.GitHubEvents,
                ["slack"] = topics.SlackEvents,
                ["cluster"] = topics.ClusterEvents,
                ["schedule"] = topics.Schedules,
                ["custom"] = topics.CustomEvents,
                ["actions"] = topics.ActionEvents,
                ["agents"] = topics.AgentEvents,
            },
        };
    }
}
