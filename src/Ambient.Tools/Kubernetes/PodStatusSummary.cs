using System.Text.Json.Nodes;

namespace Ambient.Tools.Kubernetes;

/// <summary>A Pod's phase, conditions and, per container, readiness, restarts and why it last stopped.</summary>
internal static class PodStatusSummary
{
    public static JsonObject Of(JsonObject pod)
    {
        var status = pod["status"];
        var summary = KubernetesJsonPick.Fields(status, "phase", "reason", "message", "startTime");
        summary["nodeName"] = pod["spec"]?["nodeName"]?.DeepClone();
        summary["conditions"] = KubernetesJsonPick.Conditions(status?["conditions"]);
        summary["initContainerStatuses"] = Containers(status?["initContainerStatuses"]);
        summary["containerStatuses"] = Containers(status?["containerStatuses"]);
        return summary;
    }

    private static JsonArray Containers(JsonNode? statuses) =>
        new([.. (statuses as JsonArray ?? []).Select(container => new JsonObject
        {
            ["name"] = container?["name"]?.DeepClone(),
            ["image"] = container?["image"]?.DeepClone(),
            ["ready"] = container?["ready"]?.DeepClone() ?? false,
            ["restartCount"] = KubernetesJsonPick.Value(container, "restartCount"),
            ["state"] = State(container?["state"]),
            ["lastState"] = State(container?["lastState"]),
        })]);

    // A container state has one of waiting, running or terminated set; {} when the container never ran before.
    private static JsonObject? State(JsonNode? state) => state switch
    {
        { } when state["waiting"] is { } waiting => With("waiting", KubernetesJsonPick.Fields(waiting, "reason", "message")),
        { } when state["running"] is { } running => With("running", KubernetesJsonPick.Fields(running, "startedAt")),
        { } when state["terminated"] is { } terminated =>
            With("terminated", KubernetesJsonPick.Fields(terminated, "reason", "exitCode", "signal", "message", "startedAt", "finishedAt")),
        _ => null,
    };

    private static JsonObject With(string name, JsonObject details)
    {
        details.Insert(0, "state", name);
        return details;
    }
}
