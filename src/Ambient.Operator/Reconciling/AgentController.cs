using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Ambient.Operator.Cluster;
using Ambient.Operator.Status;

namespace Ambient.Operator.Reconciling;

/// <summary>
/// The leader's work: lists and watches the namespace's Agents, reconciles each that changed (and all of them every
/// <see cref="OperatorOptions.ResyncInterval"/>, which sets back manual edits), one at a time, and refreshes their status
/// every <see cref="OperatorOptions.StatusInterval"/>, writing it only when it changed. A deleted Agent's resources go
/// with it (owner references); the operator clears what it left in Kafka (<see cref="AgentRetirement"/>).
/// </summary>
internal sealed partial class AgentController(KubernetesJson api, AgentReconciler reconciler, AgentActivity activity, SpecPauses pauses, AgentRetirement retirement,
    OperatorOptions options,
    TimeProvider time, ILogger<AgentController> logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, JsonObject> _agents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ReconcileOutcome> _outcomes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _queued = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _statusGate = new(1, 1);
    private Channel<string> _queue = Channel.CreateUnbounded<string>();
    private int _failures;

    /// <summary>Reconciles until <paramref name="leading"/> is cancelled (leadership lost, or the host stopping).</summary>
    public async Task RunAsync(string namespaceName, CancellationToken leading)
    {
        (_queue, _failures) = (Channel.CreateUnbounded<string>(), 0);
        _agents.Clear();
        _outcomes.Clear();
        _queued.Clear();
        try
        {
            await Task.WhenAll(WatchAsync(namespaceName, leading), ReconcileAsync(leading), RefreshStatusAsync(leading));
        }
        catch (OperationCanceledException) when (leading.IsCancellationRequested)
        {
            // No longer the leader, or stopping: another replica (or the next start) carries on from the cluster's state.
        }
    }

    private async Task WatchAsync(string namespaceName, CancellationToken leading)
    {
        var collection = ResourcePaths.Agents(namespaceName);
        while (!leading.IsCancellationRequested)
        {
            try
            {
                var (items, version) = await api.ListAsync(collection, leading);
                var names = items.Select(i => Name(i)).ToHashSet(StringComparer.Ordinal);
                foreach (var gone in _agents.Keys.Where(n => !names.Contains(n)))
                {
                    _agents.TryRemove(gone, out _);
                    Enqueue(gone);
                }

                foreach (var item in items)
                {
                    _agents[Name(item)] = item;
                    Enqueue(Name(item));
                }

                // The watch ends after the resync interval; the next list reconciles everything again.
                await foreach (var (type, item) in api.WatchAsync(collection, version, options.ResyncInterval, leading))
                {
                    Observe(type, item);
                }

                _failures = 0;
            }
            catch (KubernetesApiException ex)
            {
                // 410 Gone (the version is too old) and a lost API server both mean: list again, after a pause.
                if (Interlocked.Increment(ref _failures) == 1)
                {
                    LogWatchFailed(logger, namespaceName, ex.Message);
                }

                await Task.Delay(options.RetryPeriod, time, leading);
            }
        }
    }

    private void Observe(string type, JsonObject item)
    {
        if (type == "BOOKMARK")
        {
            return;
        }

        var name = Name(item);
        if (type == "DELETED")
        {
            _agents.TryRemove(name, out _);
            Enqueue(name);
            return;
        }

        var before = _agents.GetValueOrDefault(name);
        _agents[name] = item;
        // The status the operator itself writes comes back as a change of the Agent: only a new generation needs a reconcile.
        if (before is null || Generation(before) != Generation(item))
        {
            Enqueue(name);
        }
    }

    private async Task ReconcileAsync(CancellationToken leading)
    {
        await foreach (var name in _queue.Reader.ReadAllAsync(leading))
        {
            _queued.TryRemove(name, out _);
            try
            {
                if (_agents.TryGetValue(name, out var agent))
                {
                    _outcomes[name] = await reconciler.ReconcileAsync(agent, leading);
                    await WriteStatusAsync(name, leading);
                }
                else if (_outcomes.TryRemove(name, out _))
                {
                    await retirement.RetireAsync(name, leading);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One agent's failure (the API server refusing, Kafka away, a defect) must not stop the others' reconciles.
                var problem = ex is KubernetesApiException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
                LogReconcileFailed(logger, name, problem);
                if (_agents.TryGetValue(name, out var agent))
                {
                    _outcomes[name] = new ReconcileOutcome(Generation(agent), false, "ApplyFailed", problem, null, false);
                }

                // Tried again at the next resync, or at the agent's next change.
            }
        }
    }

    private async Task RefreshStatusAsync(CancellationToken leading)
    {
        using var timer = new PeriodicTimer(options.StatusInterval, time);
        while (await timer.WaitForNextTickAsync(leading))
        {
            foreach (var name in _outcomes.Keys)
            {
                try
                {
                    await WriteStatusAsync(name, leading);
                }
                catch (KubernetesApiException ex)
                {
                    LogStatusFailed(logger, name, ex.Message);
                }
            }
        }
    }

    private async Task WriteStatusAsync(string name, CancellationToken leading)
    {
        await _statusGate.WaitAsync(leading);
        try
        {
            if (!_agents.TryGetValue(name, out var agent) || !_outcomes.TryGetValue(name, out var outcome))
            {
                return;
            }

            var ns = agent["metadata"]!["namespace"]!.ToString();
            var deployment = await api.GetAsync($"{ResourcePaths.Collection("apps/v1", "Deployment", ns)}/ambient-worker-{name}", leading);
            var lag = await activity.LagAsync(name, leading);
            var previous = agent["status"] as JsonObject;
            var status = AgentStatus.Build(outcome, deployment, activity.Of(name), lag, pauses.PauseOf(name), previous, time.GetUtcNow());
            if (previous is not null && JsonNode.DeepEquals(previous, status))
            {
                return;
            }

            await api.PatchStatusAsync($"{ResourcePaths.Agents(ns)}/{name}", status, leading);
            var updated = agent.DeepClone().AsObject();
            updated["status"] = status;
            _agents.TryUpdate(name, updated, agent);
        }
        finally
        {
            _statusGate.Release();
        }
    }

    public void Dispose() => _statusGate.Dispose();

    private void Enqueue(string name)
    {
        if (_queued.TryAdd(name, 0))
        {
            _queue.Writer.TryWrite(name);
        }
    }

    private static string Name(JsonObject item) => item["metadata"]!["name"]!.ToString();

    private static long Generation(JsonObject item) => item["metadata"]?["generation"]?.GetValue<long>() ?? 0;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Agents of namespace {Namespace} cannot be watched ({Problem}); listing again, and later failures in a row are not logged")]
    private static partial void LogWatchFailed(ILogger logger, string @namespace, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent} could not be reconciled ({Problem}); tried again at the next resync")]
    private static partial void LogReconcileFailed(ILogger logger, string agent, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The status of Agent {Agent} could not be written ({Problem})")]
    private static partial void LogStatusFailed(ILogger logger, string agent, string problem);
}
