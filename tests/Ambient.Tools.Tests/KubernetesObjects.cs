using System.Text.Json.Nodes;

namespace Ambient.Tools.Tests;

/// <summary>Objects as an API server returns them, including the noise the tools must drop (managedFields, last-applied).</summary>
internal static class KubernetesObjects
{
    public static JsonObject Metadata(string name, string namespaceName) => new()
    {
        ["name"] = name,
        ["namespace"] = namespaceName,
        ["uid"] = "0b1c6f6e-4a1d-4c43-9d0f-5f7f2f1f0c11",
        ["resourceVersion"] = "48213",
        ["generation"] = 4,
        ["creationTimestamp"] = "2026-11-30T08:00:00Z",
        ["labels"] = new JsonObject { ["app"] = "checkout", ["pod-template-hash"] = "7c9f8d6b5" },
        ["annotations"] = new JsonObject
        {
            ["kubectl.kubernetes.io/last-applied-configuration"] = "{\"apiVersion\":\"v1\",\"env\":[{\"name\":\"DB_PASSWORD\",\"value\":\"hunter2\"}]}",
        },
        ["managedFields"] = new JsonArray(new JsonObject
        {
            ["manager"] = "kubectl-client-side-apply",
            ["operation"] = "Update",
            ["apiVersion"] = "v1",
            ["time"] = "2026-11-30T08:00:00Z",
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = new JsonObject { ["f:spec"] = new JsonObject() },
        }),
    };

    public static JsonObject CrashLoopingPod(string name, string namespaceName)
    {
        var metadata = Metadata(name, namespaceName);
        metadata["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ReplicaSet",
            ["name"] = "checkout-7c9f8d6b5",
            ["uid"] = "5d3e1c2b-0000-4000-8000-000000000001",
            ["controller"] = true,
            ["blockOwnerDeletion"] = true,
        });
        return new JsonObject
        {
            ["kind"] = "Pod",
            ["apiVersion"] = "v1",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject
            {
                ["nodeName"] = "worker-2",
                ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "shop/checkout:2.3.1" }),
            },
            ["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["startTime"] = "2026-11-30T08:00:05Z",
                ["conditions"] = new JsonArray(
                    new JsonObject { ["type"] = "Ready", ["status"] = "False", ["reason"] = "ContainersNotReady", ["message"] = "containers with unready status: [app]", ["lastTransitionTime"] = "2026-11-30T08:10:00Z" },
                    new JsonObject { ["type"] = "PodScheduled", ["status"] = "True", ["lastTransitionTime"] = "2026-11-30T08:00:01Z" }),
                ["containerStatuses"] = new JsonArray(new JsonObject
                {
                    ["name"] = "app",
                    ["image"] = "shop/checkout:2.3.1",
                    ["imageID"] = "docker.io/shop/checkout@sha256:abc",
                    ["ready"] = false,
                    ["started"] = false,
                    ["restartCount"] = 5,
                    ["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "CrashLoopBackOff", ["message"] = "back-off 2m40s restarting failed container=app" } },
                    ["lastState"] = new JsonObject
                    {
                        ["terminated"] = new JsonObject
                        {
                            ["exitCode"] = 137,
                            ["reason"] = "OOMKilled",
                            ["startedAt"] = "2026-11-30T08:12:00Z",
                            ["finishedAt"] = "2026-11-30T08:12:30Z",
                            ["containerID"] = "containerd://abc",
                        },
                    },
                }),
            },
        };
    }

    public static JsonObject DegradedDeployment(string name, string namespaceName) => new()
    {
        ["kind"] = "Deployment",
        ["apiVersion"] = "apps/v1",
        ["metadata"] = Metadata(name, namespaceName),
        ["spec"] = new JsonObject { ["replicas"] = 3, ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "checkout" } } },
        ["status"] = new JsonObject
        {
            ["observedGeneration"] = 4,
            ["replicas"] = 3,
            ["updatedReplicas"] = 3,
            ["readyReplicas"] = 2,
            ["availableReplicas"] = 2,
            ["unavailableReplicas"] = 1,
            ["conditions"] = new JsonArray(
                new JsonObject { ["type"] = "Available", ["status"] = "False", ["reason"] = "MinimumReplicasUnavailable", ["message"] = "Deployment does not have minimum availability." },
                new JsonObject { ["type"] = "Progressing", ["status"] = "True", ["reason"] = "NewReplicaSetAvailable" }),
        },
    };

    public static JsonObject Event(string namespaceName, string kind, string name, string type, string reason, string message, int count, string first, string last) => new()
    {
        ["kind"] = "Event",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject { ["name"] = $"{name}.{reason.ToLowerInvariant()}{count}", ["namespace"] = namespaceName, ["creationTimestamp"] = first },
        ["involvedObject"] = new JsonObject { ["kind"] = kind, ["namespace"] = namespaceName, ["name"] = name, ["apiVersion"] = "v1" },
        ["reason"] = reason,
        ["message"] = message,
        ["source"] = new JsonObject { ["component"] = "kubelet", ["host"] = "worker-2" },
        ["firstTimestamp"] = first,
        ["lastTimestamp"] = last,
        ["count"] = count,
        ["type"] = type,
    };
}
