using Ambient.Abstractions.Topics;
using Ambient.Runtime.Agents;

namespace Ambient.Deployment.Tests;

/// <summary>
/// What each component reads, writes and which group it joins, derived from the app's configuration (agent files,
/// <see cref="AmbientTopics"/>) plus <see cref="DeploymentTopics.Planned"/>: the exact ACLs its KafkaUser must carry.
/// An entry is <c>type:patternType:name:Operation</c>.
/// </summary>
internal static class ComponentAccess
{
    public static SortedSet<string> Worker(AgentDefinition agent, AmbientTopics topics)
    {
        var acl = new SortedSet<string>(StringComparer.Ordinal) { Group(agent.ConsumerGroup, "Read") };
        foreach (var subscription in agent.Subscriptions)
        {
            Add(acl, subscription.Topic, "Read", "Describe");
        }

        Add(acl, topics.Actions, "Write", "Describe");
        Add(acl, topics.Audit, "Write", "Describe");
        Add(acl, topics.DeadLetter, "Write", "Describe");
        Add(acl, "ambient.actions.shadow", "Write", "Describe");
        Add(acl, "ambient.checkpoints", "Read", "Write", "Describe");
        Add(acl, "ambient.control", "Read", "Describe");
        Add(acl, DeploymentTopics.A2AInbox(agent.Name), "Read", "Describe");
        Add(acl, "ambient.a2a.replies", "Read", "Describe");
        Add(acl, "ambient.a2a.cards", "Read", "Describe");
        acl.Add($"topic:prefix:ambient.a2a.:Write");
        acl.Add($"topic:prefix:ambient.a2a.:Describe");
        if (agent.Name == "weekly-digest")
        {
            // Its worker runs the weekly scheduler: it reads the week's GitHub events and publishes the tick.
            Add(acl, topics.GitHubEvents, "Read", "Describe");
            Add(acl, topics.Schedules, "Write");
        }

        return acl;
    }

    public static SortedSet<string> Gateway(AmbientTopics topics)
    {
        var acl = new SortedSet<string>(StringComparer.Ordinal);
        // It writes every event topic, and reads them back at start to rebuild its memory of accepted deliveries.
        foreach (var topic in new[] { topics.GitHubEvents, topics.SlackEvents, topics.ClusterEvents, topics.CustomEvents, "ambient.events.unrouted" })
        {
            Add(acl, topic, "Read", "Write", "Describe");
        }

        acl.Add("topic:prefix:ambient.a2a.:Write");
        acl.Add("topic:prefix:ambient.a2a.:Describe");
        Add(acl, topics.A2aCards, "Read", "Describe");
        Add(acl, topics.A2aTasks, "Read", "Describe");
        Add(acl, topics.A2aGatewayReplies, "Read", "Describe");
        return acl;
    }

    private static string Group(string name, string operation) => $"group:literal:{name}:{operation}";

    private static void Add(SortedSet<string> acl, string topic, params string[] operations)
    {
        foreach (var operation in operations)
        {
            acl.Add($"topic:literal:{topic}:{operation}");
        }
    }
}
