namespace Ambient.Runtime.Runs;

/// <summary>
/// Where a kill switch holds an agent's runs: before a run starts or goes on, and at every step boundary (before each
/// model call). A held run keeps its place (its event is not committed, its checkpoints stand), so it goes on from
/// where it stopped when the gate opens, in this worker or, after a restart, in another.
/// </summary>
public interface IRunGate
{
    /// <summary>A gate that never holds: what a host without governance uses.</summary>
    static IRunGate Open { get; } = new OpenGate();

    /// <summary>Whether runs of <paramref name="agent"/> are held now: its consumer stops fetching while it is.</summary>
    bool IsClosed(string agent);

    /// <summary>Returns when runs of <paramref name="agent"/> may go on; at once when the gate is open.</summary>
    ValueTask WaitOpenAsync(string agent, CancellationToken cancellationToken);

    /// <summary>
    /// Closes the gate for <paramref name="agent"/> (<c>model.onFallback: pause</c>) because its own model did not answer,
    /// until a trial call does; a host without such a watcher ignores it (the event is retried, as for any outage).
    /// </summary>
    void HoldForModelOutage(string agent, string reason)
    {
    }

    private sealed class OpenGate : IRunGate
    {
        public bool IsClosed(string agent) => false;

        public ValueTask WaitOpenAsync(string agent, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
