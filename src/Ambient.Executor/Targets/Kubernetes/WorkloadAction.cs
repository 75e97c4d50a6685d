using System.Text.Json;
using Ambient.Abstractions.Actions;

namespace Ambient.Executor.Targets.Kubernetes;

/// <summary>A Kubernetes action record read and checked: nothing malformed reaches the API server.</summary>
/// <param name="Id">The action's id, the marker left on the workload.</param>
/// <param name="Operation">What to do.</param>
/// <param name="Workload">The workload it acts on.</param>
/// <param name="Reason">Why, in the agent's words, when it said.</param>
/// <param name="Replicas">The count to scale to (scale only).</param>
/// <param name="UndoneActionId">The scale this undoes (undo only).</param>
internal sealed record WorkloadAction(string Id, WorkloadOperation Operation, WorkloadReference Workload, string? Reason, int Replicas, string? UndoneActionId)
{
    public const string RestartOperation = "restart_workload";
    public const string ScaleOperation = "scale_workload";
    public const string UndoScaleOperation = "undo_scale";

    /// <exception cref="ActionFormatException">The operation is unknown or an argument is missing or malformed.</exception>
    public static WorkloadAction Read(ActionRecord action)
    {
        var operation = action.Operation switch
        {
            RestartOperation => WorkloadOperation.Restart,
            ScaleOperation => WorkloadOperation.Scale,
            UndoScaleOperation => WorkloadOperation.UndoScale,
            _ => throw Malformed(action,
                $"the Kubernetes target knows {RestartOperation}, {ScaleOperation} and {UndoScaleOperation}, not '{action.Operation}'"),
        };
        if (action.Arguments.ValueKind != JsonValueKind.Object)
        {
            throw Malformed(action, $"the arguments must be a JSON object, got {action.Arguments.ValueKind}");
        }

        var namespaceName = RequiredText(action, "namespace");
        if (!KubernetesNames.IsLabel(namespaceName))
        {
            throw Malformed(action, $"argument 'namespace' must be a Kubernetes namespace (lowercase letters, digits and '-', up to 63 characters), got '{namespaceName}'");
        }

        var name = RequiredText(action, "name");
        if (!KubernetesNames.IsSubdomain(name))
        {
            throw Malformed(action, $"argument 'name' must be a Kubernetes object name (lowercase letters, digits, '-' and '.', up to 253 characters), got '{name}'");
        }

        var workload = new WorkloadReference(namespaceName, Kind(action, operation), name);
        var reason = action.Arguments.TryGetProperty("reason", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null;
        return operation switch
        {
            WorkloadOperation.Scale => new(action.Id, operation, workload, reason, RequiredReplicas(action), null),
            WorkloadOperation.UndoScale => new(action.Id, operation, workload, reason, 0, RequiredText(action, "actionId")),
            _ => new(action.Id, operation, workload, reason, 0, null),
        };
    }

    private static WorkloadKind Kind(ActionRecord action, WorkloadOperation operation)
    {
        // Only Deployments and StatefulSets have replicas; a DaemonSet runs one pod per node.
        WorkloadKind[] allowed = operation == WorkloadOperation.Restart
            ? [WorkloadKind.Deployment, WorkloadKind.StatefulSet, WorkloadKind.DaemonSet]
            : [WorkloadKind.Deployment, WorkloadKind.StatefulSet];
        var text = RequiredText(action, "kind").Trim();
        foreach (var kind in allowed)
        {
            // Case-insensitive, singular or plural: "deployment", "Deployments".
            var name = kind.ToString();
            if (text.Equals(name, StringComparison.OrdinalIgnoreCase) || text.Equals(name + "s", StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }

        throw Malformed(action, $"argument 'kind' must be one of {string.Join(", ", allowed)}, got '{text}'");
    }

    private static int RequiredReplicas(ActionRecord action)
    {
        if (!action.Arguments.TryGetProperty("replicas", out var value))
        {
            throw Malformed(action, "argument 'replicas' is missing");
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var replicas) && replicas >= 0
            ? replicas
            : throw Malformed(action, $"argument 'replicas' must be a whole number from 0, got {value.GetRawText()}");
    }

    private static string RequiredText(ActionRecord action, string argument) =>
        action.Arguments.TryGetProperty(argument, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw Malformed(action, $"argument '{argument}' must be a non-empty string");

    private static ActionFormatException Malformed(ActionRecord action, string problem) =>
        new($"Action {action.Id} ({action.Target} {action.Operation}): {problem}.");
}
