using System.Globalization;
using k8s;

namespace Ambient.Executor.Targets.Kubernetes;

/// <summary>The three operations, each leaving the action id on the workload it changed.</summary>
internal static class WorkloadChanges
{
    public static async Task<TargetOutcome> RestartAsync(IKubernetes client, WorkloadAction restart, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var patched = await WorkloadApi.PatchAsync(client, restart.Workload, WorkloadPatches.Restart(restart, now), cancellationToken).ConfigureAwait(false);
        return TargetOutcome.Applied(patched.ResourceVersion);
    }

    public static async Task<TargetOutcome> ScaleAsync(IKubernetes client, WorkloadAction scale, CancellationToken cancellationToken)
    {
        var state = await WorkloadApi.ReadAsync(client, scale.Workload, cancellationToken).ConfigureAwait(false);
        if (state.LastActionId == scale.Id)
        {
            // An earlier attempt got through; patching again would record the new count as the one before.
            return TargetOutcome.Applied(state.ResourceVersion);
        }

        var patch = WorkloadPatches.Scale(scale.Id, scale.Reason, state.ResourceVersion, state.Replicas!.Value, scale.Replicas);
        var patched = await WorkloadApi.PatchAsync(client, scale.Workload, patch, cancellationToken).ConfigureAwait(false);
        return TargetOutcome.Applied(patched.ResourceVersion);
    }

    /// <summary>
    /// Back to the count before the undone scale, only while that scale is the last change to the workload: a later
    /// action, person or autoscaler decided the count since, and undoing over them would revert their decision.
    /// </summary>
    public static async Task<TargetOutcome> UndoScaleAsync(IKubernetes client, WorkloadAction undo, ApplyContext context, CancellationToken cancellationToken)
    {
        var workload = undo.Workload;
        var undone = undo.UndoneActionId!;
        var state = await WorkloadApi.ReadAsync(client, workload, cancellationToken).ConfigureAwait(false);
        if (state.LastActionId == undo.Id)
        {
            return TargetOutcome.Applied(state.ResourceVersion);
        }

        if (state.LastActionId != undone)
        {
            // The marker is missing too when the scale never reached the cluster: then there is nothing to undo.
            return context.CompensatedExternalId is null
                ? TargetOutcome.Applied(null)
                : TargetOutcome.Failed($"Cannot undo {undone} on {workload}: superseded by " +
                    (state.LastActionId is { } later ? $"action {later}." : $"a change that removed its {WorkloadAnnotations.ActionId} annotation."));
        }

        var current = state.Replicas!.Value;
        if (!int.TryParse(state.Annotation(WorkloadAnnotations.PreviousReplicas), NumberStyles.None, CultureInfo.InvariantCulture, out var previous))
        {
            return TargetOutcome.Failed($"Cannot undo {undone} on {workload}: its {WorkloadAnnotations.PreviousReplicas} annotation " +
                $"('{state.Annotation(WorkloadAnnotations.PreviousReplicas)}') is not a count.");
        }

        if (state.Annotation(WorkloadAnnotations.Replicas) is { } set && set != current.ToString(CultureInfo.InvariantCulture))
        {
            return TargetOutcome.Failed($"Cannot undo {undone} on {workload}: superseded by a scale outside Ambient (a person or an autoscaler): " +
                $"it has {current} replicas, not the {set} that action set.");
        }

        var patch = WorkloadPatches.Scale(undo.Id, undo.Reason ?? $"undoes {undone}", state.ResourceVersion, current, previous);
        var patched = await WorkloadApi.PatchAsync(client, workload, patch, cancellationToken).ConfigureAwait(false);
        return TargetOutcome.Applied(patched.ResourceVersion);
    }
}
