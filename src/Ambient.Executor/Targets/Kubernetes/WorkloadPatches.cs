using System.Globalization;
using System.Text.Json.Nodes;
using k8s.Models;

namespace Ambient.Executor.Targets.Kubernetes;

/// <summary>The patch bodies: each sets the workload's marker annotations with its change, in one request.</summary>
internal static class WorkloadPatches
{
    // Annotations are for people and the marker; a model's essay would only crowd kubectl describe.
    private const int MaxReasonLength = 1024;

    /// <summary>
    /// What <c>kubectl rollout restart</c> sends (a strategic merge patch of the pod template's restartedAt, RFC 3339),
    /// plus the marker. The scale annotations go: they described an older action.
    /// </summary>
    public static V1Patch Restart(WorkloadAction action, DateTimeOffset now) => new(new JsonObject
    {
        ["metadata"] = new JsonObject { ["annotations"] = Marker(action.Id, action.Reason, null, null) },
        ["spec"] = new JsonObject
        {
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["annotations"] = new JsonObject
                    {
                        [WorkloadAnnotations.RestartedAt] = now.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    },
                },
            },
        },
    }.ToJsonString(), V1Patch.PatchType.StrategicMergePatch);

    /// <summary>
    /// spec.replicas and the marker with the count before, as a merge patch that only applies to the version read
    /// (metadata.resourceVersion is a precondition: a change in between answers 409, and the count is read again).
    /// </summary>
    public static V1Patch Scale(string actionId, string? reason, string resourceVersion, int previous, int replicas) => new(new JsonObject
    {
        ["metadata"] = new JsonObject
        {
            ["resourceVersion"] = resourceVersion,
            ["annotations"] = Marker(actionId, reason, previous, replicas),
        },
        ["spec"] = new JsonObject { ["replicas"] = replicas },
    }.ToJsonString(), V1Patch.PatchType.MergePatch);

    // A null value removes the annotation, so none is left from an older action.
    private static JsonObject Marker(string actionId, string? reason, int? previous, int? replicas) => new()
    {
        [WorkloadAnnotations.ActionId] = actionId,
        [WorkloadAnnotations.Reason] = reason is null ? null : reason[..Math.Min(reason.Length, MaxReasonLength)],
        [WorkloadAnnotations.PreviousReplicas] = previous?.ToString(CultureInfo.InvariantCulture),
        [WorkloadAnnotations.Replicas] = replicas?.ToString(CultureInfo.InvariantCulture),
    };
}
