using System.Text;
using System.Text.Json.Nodes;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Events;
using Ambient.Testing;

namespace Ambient.Worker.Tests.Tools;

/// <summary>What the tool tests publish (a pod's Warning event) and read back (a run's tool turns, as its checkpoints hold them).</summary>
internal static class ToolRuns
{
    /// <summary>A Kubernetes Warning event about <paramref name="pod"/>, as the cluster watcher publishes it.</summary>
    public static AmbientEvent PodWarning(string namespaceName, string pod, string reason = "BackOff") => new(
        Guid.NewGuid().ToString(),
        "https://kubernetes.default.svc",
        CloudEventTypes.KubernetesEvent(reason),
        $"{namespaceName}/{pod}",
        new DateTimeOffset(2026, 11, 30, 8, 12, 30, TimeSpan.Zero),
        "application/json",
        Encoding.UTF8.GetBytes(new JsonObject
        {
            ["type"] = "Warning",
            ["reason"] = reason,
            ["message"] = $"{reason} for pod {pod}",
            ["count"] = 7,
            ["involvedObject"] = new JsonObject { ["kind"] = "Pod", ["namespace"] = namespaceName, ["name"] = pod },
        }.ToJsonString())) { Ingress = IngressKinds.Kubernetes };

    public static Task PublishAsync(KafkaFixture kafka, WorkerHarness harness, string namespaceName, params AmbientEvent[] events) =>
        TestEvents.PublishAsync(kafka, harness.Topics.ClusterEvents, EntityKeys.Kubernetes(namespaceName, "checkout"), events);

    /// <summary>The step checkpoints of <paramref name="runId"/> as written, in order.</summary>
    public static List<Checkpoint> Steps(KafkaFixture kafka, WorkerHarness harness, string runId) =>
        [.. CheckpointReader.ReadAll(kafka, harness.Topics.Checkpoints).Select(r => r.Step).OfType<Checkpoint>().Where(s => s.RunId == runId).OrderBy(s => s.StepIndex)];

    /// <summary>The run's <c>act</c> checkpoint: the step whose conversation first holds the tool results.</summary>
    public static Checkpoint Act(KafkaFixture kafka, WorkerHarness harness, string runId) =>
        Steps(kafka, harness, runId).First(s => s.StepName == StepNames.Act);

    /// <summary>The tool turns of a step's conversation (<c>{"turns":[...]}</c>).</summary>
    public static List<ToolTurn> ToolTurns(Checkpoint step) =>
        [.. step.State.Element.GetProperty("turns").EnumerateArray().Where(t => t.GetProperty("role").GetString() == "tool").Select(ToolTurn.From)];
}
