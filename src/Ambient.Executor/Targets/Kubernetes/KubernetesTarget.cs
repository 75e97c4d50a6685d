using Ambient.Abstractions.Actions;
using k8s.Autorest;
using Microsoft.Extensions.Options;

namespace Ambient.Executor.Targets.Kubernetes;

/// <summary>
/// Restarts and scales apps/v1 workloads (and undoes a scale), leaving the action id in the workload's
/// <c>ambient.io/action-id</c> annotation. The client is created on first use, so an executor without Kubernetes
/// starts and only Kubernetes actions fail. Its ServiceAccount needs <c>get</c> and <c>patch</c> on
/// deployments, statefulsets and daemonsets in the namespaces its agents may act on.
/// </summary>
internal sealed class KubernetesTarget : IActionTarget, IDisposable
{
    private readonly Lazy<KubernetesConnection> _connection;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;

    public KubernetesTarget(IOptions<KubernetesTargetOptions> options, TimeProvider time)
    {
        var settings = options.Value;
        _connection = new(() => KubernetesConnection.Create(settings), LazyThreadSafetyMode.ExecutionAndPublication);
        _time = time;
        _timeout = settings.Timeout;
    }

    public string Name => ActionTargets.Kubernetes;

    public string ScopeOf(ActionRecord action) => Read(action).Workload.Namespace;

    public string Describe(ActionRecord action, ApplyContext context)
    {
        var change = Read(action);
        var workload = change.Workload.ApiPath;
        return change.Operation switch
        {
            WorkloadOperation.Restart =>
                $"PATCH {workload} (strategic merge: restart, pod template {WorkloadAnnotations.RestartedAt} now, {WorkloadAnnotations.ActionId} {change.Id})",
            WorkloadOperation.Scale =>
                $"GET then PATCH {workload} (merge: spec.replicas {change.Replicas}, {WorkloadAnnotations.PreviousReplicas} the current count, " +
                $"{WorkloadAnnotations.ActionId} {change.Id})",
            _ => $"GET then PATCH {workload} (merge: spec.replicas back to {WorkloadAnnotations.PreviousReplicas} " +
                $"if {WorkloadAnnotations.ActionId} is still {change.UndoneActionId}, then {WorkloadAnnotations.ActionId} {change.Id})",
        };
    }

    public async Task<TargetOutcome> ApplyAsync(ActionRecord action, ApplyContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var change = Read(action);
        if (_connection.Value is not { Client: { } client })
        {
            return TargetOutcome.Failed(_connection.Value.Problem!);
        }

        try
        {
            return change.Operation switch
            {
                WorkloadOperation.Restart => await WorkloadChanges.RestartAsync(client, change, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false),
                WorkloadOperation.Scale => await WorkloadChanges.ScaleAsync(client, change, cancellationToken).ConfigureAwait(false),
                _ => await WorkloadChanges.UndoScaleAsync(client, change, context, cancellationToken).ConfigureAwait(false),
            };
        }
        catch (Exception exception) when (Answer(exception, change, cancellationToken) is { } outcome)
        {
            return outcome;
        }
    }

    public async Task<TargetOutcome?> FindAsync(ActionRecord action, ApplyContext context, CancellationToken cancellationToken)
    {
        var change = Read(action);
        if (_connection.Value is not { Client: { } client })
        {
            return TargetOutcome.Failed(_connection.Value.Problem!);
        }

        try
        {
            var state = await WorkloadApi.ReadAsync(client, change.Workload, cancellationToken).ConfigureAwait(false);
            return state.LastActionId == action.Id ? TargetOutcome.Applied(state.ResourceVersion) : null;
        }
        catch (HttpOperationException exception) when (exception.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // A workload that is not there was never changed; the apply reports the 404.
            return null;
        }
        catch (Exception exception) when (Answer(exception, change, cancellationToken) is { } outcome)
        {
            return outcome;
        }
    }

    public void Dispose()
    {
        if (_connection.IsValueCreated)
        {
            _connection.Value.Client?.Dispose();
        }
    }

    private static WorkloadAction Read(ActionRecord action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return WorkloadAction.Read(action);
    }

    private TargetOutcome? Answer(Exception exception, WorkloadAction change, CancellationToken cancellationToken) =>
        KubernetesAnswers.Of(exception, change.Workload, _connection.Value.Server, _timeout, cancellationToken);
}
