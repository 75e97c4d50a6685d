using System.Text.Json.Nodes;
using Ambient.Kubernetes.Input;
using Ambient.Kubernetes.Resources;
using Ambient.Runtime.Agents;
using Ambient.Worker.Topics;

namespace Ambient.Kubernetes;

/// <summary>
/// Everything an <c>Agent</c> becomes, all owned by it: the worker's ConfigMap and Deployment, its KEDA ScaledObject and
/// TriggerAuthentication, its Strimzi KafkaUser and inbox KafkaTopic, its NetworkPolicy and PodDisruptionBudget.
/// The agent file is checked by the worker's own reader first, so an agent the worker would refuse renders nothing.
/// </summary>
public static class AgentRenderer
{
    /// <summary>The resources, in the order they are applied.</summary>
    /// <exception cref="AgentDefinitionException">The agent file or a deployment field is invalid; the message names the field.</exception>
    public static IReadOnlyList<JsonObject> Render(AgentInput input, RenderSettings settings)
    {
        var plan = Plan(input, settings);
        return
        [
            WorkerConfigMap.Build(plan),
            WorkerDeployment.Build(plan),
            WorkerScaledObject.Build(plan),
            WorkerTriggerAuthentication.Build(plan),
            WorkerKafkaUser.Build(plan),
            InboxKafkaTopic.Build(plan),
            WorkerNetworkPolicy.Build(plan),
            WorkerDisruptionBudget.Build(plan),
        ];
    }

    /// <summary>The ACLs of the agent's KafkaUser, derived from its agent file.</summary>
    /// <exception cref="AgentDefinitionException">As for <see cref="Render"/>.</exception>
    public static IReadOnlyList<KafkaAcl> Acls(AgentInput input, RenderSettings settings) => WorkerAcls.For(Plan(input, settings));

    /// <summary>The model the agent's runs use and record: <c>offline</c>'s id, or the model id.</summary>
    /// <exception cref="AgentDefinitionException">As for <see cref="Render"/>.</exception>
    public static string ModelOf(AgentInput input, RenderSettings settings) => Plan(input, settings).Agent.ModelId;

    private static WorkerPlan Plan(AgentInput input, RenderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(settings);
        var agent = AgentCatalog.FromFiles([(input.Source, input.AgentFile)], settings.Topics.ForRuns(), settings.KnownTools).Agents.Single();
        var plan = new WorkerPlan(input, agent, settings);
        if (plan.RunsWeeklyDigest && plan.Replicas.Max > 1)
        {
            throw new AgentDefinitionException(
                $"{input.Source}: spec.replicas.max must be 1: the agent handles the weekly digest's tick, whose schedule its worker runs, and two would publish it twice");
        }

        return plan;
    }
}
