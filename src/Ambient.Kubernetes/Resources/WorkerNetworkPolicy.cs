using System.Text.Json.Nodes;

namespace Ambient.Kubernetes.Resources;

/// <summary>
/// The worker's egress, as k8s/network-policies.yaml opens it for every worker: Kafka, the schema registry, HTTPS outside
/// the cluster (the model, GitHub and Slack reads), Ollama, DNS. Nothing comes in: probes come from the kubelet.
/// </summary>
internal static class WorkerNetworkPolicy
{
    public static JsonObject Build(WorkerPlan plan) => new()
    {
        ["apiVersion"] = "networking.k8s.io/v1",
        ["kind"] = "NetworkPolicy",
        ["metadata"] = plan.Metadata(plan.WorkerName),
        ["spec"] = new JsonObject
        {
            ["podSelector"] = new JsonObject { ["matchLabels"] = plan.SelectorLabels },
            ["policyTypes"] = new JsonArray("Ingress", "Egress"),
            ["egress"] = new JsonArray(
                To(Pods(new() { ["strimzi.io/cluster"] = plan.Settings.KafkaCluster, ["strimzi.io/kind"] = "Kafka" }), Tcp(9093)),
                To(Pods(new() { ["app.kubernetes.io/name"] = "apicurio-registry" }), Tcp(8080)),
                To(new JsonObject
                {
                    ["ipBlock"] = new JsonObject { ["cidr"] = "0.0.0.0/0", ["except"] = new JsonArray("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16") },
                }, Tcp(443)),
                To(Pods(new() { ["app.kubernetes.io/name"] = "ollama" }), Tcp(11434)),
                To(new JsonObject
                {
                    ["namespaceSelector"] = new JsonObject(),
                    ["podSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["k8s-app"] = "kube-dns" } },
                }, new JsonObject { ["protocol"] = "UDP", ["port"] = 53 }, Tcp(53))),
        },
    };

    private static JsonObject Pods(JsonObject labels) => new() { ["podSelector"] = new JsonObject { ["matchLabels"] = labels } };

    private static JsonObject Tcp(int port) => new() { ["protocol"] = "TCP", ["port"] = port };

    private static JsonObject To(JsonObject peer, params JsonObject[] ports) => new()
    {
        ["to"] = new JsonArray(peer),
        ["ports"] = new JsonArray([.. ports]),
    };
}
