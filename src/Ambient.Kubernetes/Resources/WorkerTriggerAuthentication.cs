using System.Text.Json.Nodes;

namespace Ambient.Kubernetes.Resources;

/// <summary>KEDA reads offsets as the worker's own KafkaUser (its group Read ACL covers OffsetFetch), trusting the cluster CA.</summary>
internal static class WorkerTriggerAuthentication
{
    public static string NameOf(WorkerPlan plan) => $"{plan.WorkerName}-kafka";

    public static JsonObject Build(WorkerPlan plan) => new()
    {
        ["apiVersion"] = "keda.sh/v1alpha1",
        ["kind"] = "TriggerAuthentication",
        ["metadata"] = plan.Metadata(NameOf(plan)),
        ["spec"] = new JsonObject
        {
            ["env"] = new JsonArray(new JsonObject
            {
                ["parameter"] = "username",
                ["name"] = "Ambient__Kafka__Consumer__sasl.username",
                ["containerName"] = "worker",
            }),
            ["secretTargetRef"] = new JsonArray(
                new JsonObject { ["parameter"] = "password", ["name"] = plan.WorkerName, ["key"] = "password" },
                new JsonObject { ["parameter"] = "ca", ["name"] = $"{plan.Settings.KafkaCluster}-cluster-ca-cert", ["key"] = "ca.crt" }),
        },
    };
}
