using System.Collections.Concurrent;

namespace Ambient.Runtime.Health;

/// <summary>
/// Which agents their semantic probe found unhealthy. An agent turns unhealthy after its probe's failure threshold of
/// failures in a row and healthy again after its success threshold of good answers in a row; while unhealthy it takes
/// no new events and its runs wait at their next step, as under the kill switch.
/// </summary>
public sealed class AgentHealth
{
    private readonly ConcurrentDictionary<string, AgentProbeState> _agents = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="agent"/> is held for failing its probe.</summary>
    public bool IsUnhealthy(string agent) => _agents.TryGetValue(agent, out var state) && state.IsUnhealthy;

    /// <summary>The unhealthy agents and why, for readiness.</summary>
    public IReadOnlyList<(string Agent, string Reason)> Unhealthy =>
        [.. _agents.Where(a => a.Value.IsUnhealthy).Select(a => (a.Key, a.Value.Reason)).OrderBy(a => a.Key, StringComparer.Ordinal)];

    /// <summary>Records one probe; returns true or false when the agent turned healthy or unhealthy with it, null when nothing changed.</summary>
    public bool? Record(string agent, bool healthy, string detail, int failureThreshold, int successThreshold) =>
        _agents.GetOrAdd(agent, _ => new AgentProbeState()).Record(healthy, detail, failureThreshold, successThreshold);

    /// <summary>Completes once <paramref name="agent"/> is not held for its probe.</summary>
    public Task WaitHealthyAsync(string agent, CancellationToken cancellationToken) =>
        _agents.TryGetValue(agent, out var state) ? state.Healthy.WaitAsync(cancellationToken) : Task.CompletedTask;

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

        private static TaskCompletionSource Completed()
        {
            var done = new TaskCompletionSource();
            done.SetResult();
            return done;
        }
    }
}
