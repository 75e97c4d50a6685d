using System.Text.Json.Nodes;

namespace Ambient.Tools.Kubernetes;

/// <summary>Controllers of pods: replicas desired, ready, updated and available, or a Job's and CronJob's runs.</summary>
internal static class WorkloadStatusSummary
{
    public static JsonObject Of(KubernetesObjectKind kind, JsonObject item)
    {
        var spec = item["spec"];
        var status = item["status"];
        var summary = kind switch
        {
            KubernetesObjectKind.Deployment or KubernetesObjectKind.StatefulSet or KubernetesObjectKind.ReplicaSet => new JsonObject
            {
                ["replicas"] = new JsonObject
                {
                    // spec.replicas defaults to 1 when omitted.
                    ["desired"] = KubernetesJsonPick.Value(spec, "replicas", 1),
                    ["ready"] = KubernetesJsonPick.Value(status, "readyReplicas"),
                    ["updated"] = KubernetesJsonPick.Value(status, "updatedReplicas"),
                    ["available"] = KubernetesJsonPick.Value(status, "availableReplicas"),
                },
            },
            KubernetesObjectKind.DaemonSet => new JsonObject
            {
                ["replicas"] = new JsonObject
                {
                    ["desired"] = KubernetesJsonPick.Value(status, "desiredNumberScheduled"),
                    ["ready"] = KubernetesJsonPick.Value(status, "numberReady"),
                    ["updated"] = KubernetesJsonPick.Value(status, "updatedNumberScheduled"),
                    ["available"] = KubernetesJsonPick.Value(status, "numberAvailable"),
                    ["misscheduled"] = KubernetesJsonPick.Value(status, "numberMisscheduled"),
                },
            },
            KubernetesObjectKind.Job => new JsonObject
            {
                ["completions"] = KubernetesJsonPick.Value(spec, "completions", 1),
                ["active"] = KubernetesJsonPick.Value(status, "active"),
                ["succeeded"] = KubernetesJsonPick.Value(status, "succeeded"),
                ["failed"] = KubernetesJsonPick.Value(status, "failed"),
                ["startTime"] = KubernetesJsonPick.Value(status, "startTime", null),
                ["completionTime"] = KubernetesJsonPick.Value(status, "completionTime", null),
            },
            KubernetesObjectKind.CronJob => new JsonObject
            {
                ["schedule"] = KubernetesJsonPick.Value(spec, "schedule", null),
                ["suspend"] = spec?["suspend"]?.DeepClone() ?? false,
                ["active"] = (status?["active"] as JsonArray)?.Count ?? 0,
                ["lastScheduleTime"] = KubernetesJsonPick.Value(status, "lastScheduleTime", null),
                ["lastSuccessfulTime"] = KubernetesJsonPick.Value(status, "lastSuccessfulTime", null),
            },
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a workload kind."),
        };

        if (kind is KubernetesObjectKind.Deployment or KubernetesObjectKind.StatefulSet or KubernetesObjectKind.DaemonSet)
        {
            // A rollout the controller has not yet seen shows as an observed generation behind the object's.
            summary["generation"] = KubernetesJsonPick.Value(item["metadata"], "generation", null);
            summary["observedGeneration"] = KubernetesJsonPick.Value(status, "observedGeneration", null);
        }

        if (kind != KubernetesObjectKind.CronJob)
        {
            summary["conditions"] = KubernetesJsonPick.Conditions(status?["conditions"]);
        }

        return summary;
    }
}
