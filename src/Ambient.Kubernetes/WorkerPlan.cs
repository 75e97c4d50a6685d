using System.Text.Json.Nodes;
using Ambient.Abstractions.Events;
using Ambient.Kubernetes.Input;
using Ambient.Runtime.Agents;
using Ambient.Runtime.Schedules;

namespace Ambient.Kubernetes;

/// <summary>One agent's worker as the resources describe it: the names they share and what is derived from the agent file.</summary>
internal sealed class WorkerPlan(AgentInput input, AgentDefinition agent, RenderSettings settings)
{
    public AgentInput Input => input;

    public AgentDefinition Agent => agent;

    public RenderSettings Settings => settings;

    /// <summary>The Deployment, ScaledObject, KafkaUser (so the user operator's Secret), NetworkPolicy and budget.</summary>
    public string WorkerName => $"ambient-worker-{agent.Name}";

    public string ConfigMapName => $"ambient-agent-{agent.Name}";

    public string Inbox => settings.Topics.A2aInbox(agent.Name);

    /// <summary>The topics the agent's subscriptions read, each once, in the order the file lists them.</summary>
    public IReadOnlyList<string> EventTopics => [.. agent.Subscriptions.Select(s => s.Topic).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// An agent handling the weekly digest's tick runs its schedule (`ambient up` and docker-compose.yml do the same): its
    /// worker publishes the tick from the week's GitHub events, so it must run exactly once.
    /// </summary>
    public bool RunsWeeklyDigest => agent.Subscriptions.Any(s => s.Topic == settings.Topics.Schedules && s.Matches($"io.ambient.schedule.{WeeklyDigest.Name}", IngressKinds.Schedule));

    public ReplicaRange Replicas => input.Deployment.Replicas ?? (RunsWeeklyDigest ? new(1, 1) : new(0, settings.DefaultMaxReplicas));

    /// <summary>Five rounds of backlog per replica: lag beyond what its concurrent runs take five times over asks for another.</summary>
    public long LagThreshold => input.Deployment.LagThreshold ?? agent.Limits.MaxConcurrentRuns * 5L;

    /// <summary>The selector of the agent's pods (immutable once the Deployment exists).</summary>
    public JsonObject SelectorLabels => new() { ["app.kubernetes.io/name"] = "ambient-worker", ["ambient.io/agent"] = agent.Name };

    public JsonObject PodLabels => new() { ["app.kubernetes.io/name"] = "ambient-worker", ["app.kubernetes.io/part-of"] = "ambient", ["ambient.io/agent"] = agent.Name };

    /// <summary>Metadata every rendered resource carries: its name, the Agent's namespace, the labels, the Agent as controller.</summary>
    public JsonObject Metadata(string name, JsonObject? extraLabels = null)
    {
        var labels = PodLabels;
        labels["app.kubernetes.io/managed-by"] = "ambient-operator";
        foreach (var (key, value) in extraLabels ?? [])
        {
            labels[key] = value?.DeepClone();
        }

        var metadata = new JsonObject { ["name"] = name };
        if (input.Namespace is { } ns)
        {
            metadata["namespace"] = ns;
        }

        metadata["labels"] = labels;
        metadata["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = AgentResource.ApiVersion,
            ["kind"] = AgentResource.Kind,
            ["name"] = agent.Name,
            // Known once the Agent exists; the operator fills it in. See docs/operator.md before applying a placeholder.
            ["uid"] = input.Uid ?? $"<uid of Agent {agent.Name}>",
            ["controller"] = true,
            ["blockOwnerDeletion"] = true,
        });
        return metadata;
    }
}
