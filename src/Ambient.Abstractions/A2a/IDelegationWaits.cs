namespace Ambient.Abstractions.A2a;

/// <summary>
/// The runs of one agent that wait for delegations, as the A2A transport sees them: it hands them final replies
/// and ends their waits at the deadline. Implemented by the runtime; fed by the replies listener in Ambient.A2a.
/// </summary>
public interface IDelegationWaits
{
    /// <summary>The requesting agent.</summary>
    string Agent { get; }

    /// <summary>The runs checkpointed in <paramref name="runPartition"/> that wait for a delegation, with their deadlines.</summary>
    Task<IReadOnlyList<(string RunId, DateTimeOffset Deadline)>> WaitingRunsAsync(int runPartition, CancellationToken cancellationToken);

    /// <summary>Hands a final reply to the run waiting for it (a reply for a run that no longer waits is ignored).</summary>
    Task ResolveAsync(DelegationReply reply, CancellationToken cancellationToken);

    /// <summary>Ends the run's wait at its deadline, if it still waits.</summary>
    Task ExpireAsync(string runId, int runPartition, CancellationToken cancellationToken);
}
