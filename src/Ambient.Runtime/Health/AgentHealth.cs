using System.Collections.Concurrent;

namespace Ambient.Runtime.Health;

/// <summary>
/// Which agents are held for their health: those their semantic probe found unhealthy (after its failure threshold of
/// failures in a row, until its success threshold of good answers in a row), and those with <c>onFallback: pause</c>
/// whose own model is out (until a trial call answers). While held an agent takes no new events and its runs wait at
/// their next step, as under the kill switch.
/// </summary>
public sealed class AgentHealth
{
    private readonly ConcurrentDictionary<string, AgentProbeState> _agents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ModelOutage> _outages = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="agent"/> is held for failing its probe or for its model being out.</summary>
    public bool IsUnhealthy(string agent) =>
        (_agents.TryGetValue(agent, out var state) && state.IsUnhealthy) || (_outages.TryGetValue(agent, out var outage) && outage.IsHeld);

    /// <summary>The held agents and why, for readiness.</summary>
    public IReadOnlyList<(string Agent, string Reason)> Unhealthy =>
        [.. _agents.Where(a => a.Value.IsUnhealthy).Select(a => (a.Key, a.Value.Reason))
            .Concat(_outages.Where(o => o.Value.IsHeld).Select(o => (o.Key, o.Value.Reason)))
            .OrderBy(a => a.Key, StringComparer.Ordinal)];

    /// <summary>Holds <paramref name="agent"/> because its own model is out (<c>onFallback: pause</c>); true when it was not held for that yet.</summary>
    public bool HoldForModelOutage(string agent, string reason) => _outages.GetOrAdd(agent, _ => new ModelOutage()).Hold(reason);

    /// <summary>Whether <paramref name="agent"/> is held for its own model being out.</summary>
    public bool IsModelOutage(string agent) => _outages.TryGetValue(agent, out var outage) && outage.IsHeld;

    /// <summary>Lets <paramref name="agent"/> go on: its own model answered again. True when it was held for that.</summary>
    public bool ReleaseModelOutage(string agent) => _outages.TryGetValue(agent, out var outage) && outage.Release();

    /// <summary>Completes once <paramref name="agent"/> is held for its model being out (a watcher's cue to try the model).</summary>
    public Task WaitModelOutageAsync(string agent, CancellationToken cancellationToken) =>
        _outages.GetOrAdd(agent, _ => new ModelOutage()).Held.WaitAsync(cancellationToken);

    /// <summary>Records one probe; returns true or false when the agent turned healthy or unhealthy with it, null when nothing changed.</summary>
    public bool? Record(string agent, bool healthy, string detail, int failureThreshold, int successThreshold) =>
        _agents.GetOrAdd(agent, _ => new AgentProbeState()).Record(healthy, detail, failureThreshold, successThreshold);

    /// <summary>Completes once <paramref name="agent"/> is held neither for its probe nor for its model.</summary>
    public async Task WaitHealthyAsync(string agent, CancellationToken cancellationToken)
    {
        while (IsUnhealthy(agent))
        {
            if (_agents.TryGetValue(agent, out var state))
            {
                await state.Healthy.WaitAsync(cancellationToken);
            }

            if (_outages.TryGetValue(agent, out var outage))
            {
                await outage.Released.WaitAsync(cancellationToken);
            }
        }
    }

    // One agent's own model out: held from the first failed call until a trial call answers.
    private sealed class ModelOutage
    {
        private readonly Lock _lock = new();
        private TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource _released = Completed();

        public bool IsHeld { get; private set; }

        public string Reason { get; private set; } = string.Empty;

        public Task Held
        {
            get
            {
                lock (_lock)
                {
                    return _held.Task;
                }
            }
        }

        public Task Released
        {
            get
            {
                lock (_lock)
                {
                    return _released.Task;
                }
            }
        }

        public bool Hold(string reason)
        {
            lock (_lock)
            {
                Reason = reason;
                if (IsHeld)
                {
                    return false;
                }

                IsHeld = true;
                _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _held.TrySetResult();
                return true;
            }
        }

        public bool Release()
        {
            lock (_lock)
            {
                if (!IsHeld)
                {
                    return false;
                }

                (IsHeld, Reason) = (false, string.Empty);
                _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _released.TrySetResult();
                return true;
            }
        }
    }

    private sealed class AgentProbeState
    {
        private readonly Lock _lock = new();
        private TaskCompletionSource _healthy = Completed();
        private int _failures;
        private int _successes;

        public bool IsUnhealthy { get; private set; }

        public string Reason { get; private set; } = string.Empty;

        public Task Healthy
        {
            get
            {
                lock (_lock)
                {
                    return _healthy.Task;
                }
            }
        }

        public bool? Record(bool healthy, string detail, int failureThreshold, int successThreshold)
        {
            lock (_lock)
            {
                (_failures, _successes) = healthy ? (0, _successes + 1) : (_failures + 1, 0);
                if (!IsUnhealthy && _failures >= failureThreshold)
                {
                    (IsUnhealthy, Reason) = (true, detail);
                    _healthy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    return false;
                }

                if (IsUnhealthy && _successes >= successThreshold)
                {
                    (IsUnhealthy, Reason) = (false, string.Empty);
                    _healthy.TrySetResult();
                    return true;
                }

                if (IsUnhealthy && !healthy)
                {
                    Reason = detail;
                }

                return null;
            }
        }
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }
}
