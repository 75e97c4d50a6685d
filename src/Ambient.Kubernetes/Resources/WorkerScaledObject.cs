using System.Globalization;
using System.Text.Json.Nodes;

namespace Ambient.Kubernetes.Resources;

/// <summary>
/// The KEDA ScaledObject: one Kafka trigger per event topic and one for the A2A inbox, all on the agent's consumer group,
/// as `ambient scale` predicts. offsetResetPolicy earliest, as the worker's consumer (auto.offset.reset=earliest).
/// </summary>
internal static class WorkerScaledObject
{
    public static JsonObject Build(WorkerPlan plan) => new()
    {
        ["apiVersion"] = "keda.sh/v1alpha1",
        ["kind"] = "ScaledObject",
        ["metadata"] = plan.Metadata(plan.WorkerName),
        ["spec"] = new JsonObject
        {
            ["scaleTargetRef"] = new JsonObject { ["name"] = plan.WorkerName },
            ["pollingInterval"] = 15,
            ["cooldownPeriod"] = plan.Input.Deployment.CooldownPeriod,
            ["minReplicaCount"] = plan.Replicas.Min,
            ["maxReplicaCount"] = plan.Replicas.Max,
            ["triggers"] = new JsonArray([.. plan.EventTopics.Append(plan.Inbox).Select(topic => Trigger(plan, topic))]),
        },
    };

    private static JsonObject Trigger(WorkerPlan plan, string topic) => new()
    {
        ["type"] = "kafka",
        ["metadata"] = new JsonObject
        {
            ["bootstrapServers"] = plan.Settings.KafkaBootstrap,
            ["consumerGroup"] = plan.Agent.ConsumerGroup,
            ["topic"] = topic,
            // KEDA's trigger metadata is a map of strings.
            ["lagThreshold"] = plan.LagThreshold.ToString(CultureInfo.InvariantCulture),
            ["activationLagThreshold"] = plan.Input.Deployment.ActivationLagThreshold.ToString(CultureInfo.InvariantCulture),
            ["offsetResetPolicy"] = "earliest",
            ["sasl"] = "scram_sha512",
            ["tls"] = "enable",
        },
        ["authenticationRef"] = new JsonObject { ["name"] = WorkerTriggerAuthentication.NameOf(plan) },
    };
}
