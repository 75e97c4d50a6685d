using System.Text.Json.Nodes;

namespace Ambient.Kubernetes.Resources;

/// <summary>The agent's A2A inbox, as strimzi/common/topics.yaml declares the sample agents': a week of requests.</summary>
internal static class InboxKafkaTopic
{
    public static JsonObject Build(WorkerPlan plan) => new()
    {
        ["apiVersion"] = "kafka.strimzi.io/v1",
        ["kind"] = "KafkaTopic",
        ["metadata"] = plan.Metadata(plan.Inbox, new JsonObject { ["strimzi.io/cluster"] = plan.Settings.KafkaCluster }),
        ["spec"] = new JsonObject
        {
            ["partitions"] = plan.Settings.InboxPartitions,
            ["config"] = new JsonObject { ["cleanup.policy"] = "delete", ["retention.ms"] = 604_800_000L },
        },
    };
}
