using System.ComponentModel;
using System.Text.Json.Nodes;
using Ambient.Abstractions.Actions;
using Microsoft.SemanticKernel;

namespace Ambient.Runtime.Tools;

/// <summary>The <c>kubernetes</c> plugin: proposes remediations (nothing is changed in the cluster).</summary>
internal sealed class KubernetesTools
{
    [KernelFunction("restart_workload"), Description("Propose a rolling restart of a Deployment, StatefulSet or DaemonSet.")]
    public static async Task<string> RestartWorkloadAsync(Kernel kernel,
        [Description("namespace")] string @namespace,
        [Description("Deployment, StatefulSet or DaemonSet")] string kind,
        [Description("name of the workload")] string name,
        [Description("why")] string reason,
        CancellationToken cancellationToken)
    {
        var action = await RunScope.From(kernel).ProposeAsync(ActionTargets.Kubernetes, "restart_workload", new JsonObject
        {
            ["namespace"] = @namespace,
            ["kind"] = kind,
            ["name"] = name,
            ["reason"] = reason,
        }, cancellationToken);
        return $"Proposed action {action.Id}: restart {kind} {@namespace}/{name}.";
    }

    [KernelFunction("scale_workload"), Description("Propose scaling a Deployment or StatefulSet.")]
    public static async Task<string> ScaleWorkloadAsync(Kernel kernel,
        [Description("namespace")] string @namespace,
        [Description("Deployment or StatefulSet")] string kind,
        [Description("name of the workload")] string name,
        [Description("desired replicas")] int replicas,
        [Description("why")] string reason,
        CancellationToken cancellationToken)
    {
        var action = await RunScope.From(kernel).ProposeAsync(ActionTargets.Kubernetes, "scale_workload", new JsonObject
        {
            ["namespace"] = @namespace,
            ["kind"] = kind,
            ["name"] = name,
            ["replicas"] = replicas,
            ["reason"] = reason,
        }, cancellationToken);
        return $"Proposed action {action.Id}: scale {kind} {@namespace}/{name} to {replicas}.";
    }
}
