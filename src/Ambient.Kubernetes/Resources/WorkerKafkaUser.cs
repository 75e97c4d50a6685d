using System.Text.Json.Nodes;

namespace Ambient.Kubernetes.Resources;

/// <summary>The worker's Strimzi KafkaUser: SCRAM-SHA-512, its password in a Secret of its name, with the derived ACLs.</summary>
internal static class WorkerKafkaUser
{
    public static JsonObject Build(WorkerPlan plan) => new()
    {
        ["apiVersion"] = "kafka.strimzi.io/v1",
        ["kind"] = "KafkaUser",
        ["metadata"] = plan.Metadata(plan.WorkerName, new JsonObject { ["strimzi.io/cluster"] = plan.Settings.KafkaCluster }),
        ["spec"] = new JsonObject
        {
            ["authentication"] = new JsonObject { ["type"] = "scram-sha-512" },
            ["authorization"] = new JsonObject
            {
                ["type"] = "simple",
                ["acls"] = new JsonArray([.. WorkerAcls.For(plan).Select(acl => (JsonNode)new JsonObject
                {
                    ["resource"] = new JsonObject { ["type"] = acl.Type, ["name"] = acl.Name, ["patternType"] = acl.Prefix ? "prefix" : "literal" },
                    ["operations"] = new JsonArray([.. acl.Operations.Select(o => (JsonNode)o)]),
                })]),
            },
        },
    };
}
