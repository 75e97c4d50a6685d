using Ambient.Abstractions.A2a;
using Ambient.Abstractions.Events;
using Ambient.Runtime.Runs;

namespace Ambient.Runtime.Delegation;

/// <summary>An agent runner's waiting runs for the A2A transport; <paramref name="readEvent"/> fetches a run's event when it resumes.</summary>
public sealed class RunnerDelegationWaits(AgentRunner runner, Func<EventCoordinates, CancellationToken, Task<AmbientEvent>> readEvent) : IDelegationWaits
{
    /// <inheritdoc/>
    public string Agent => runner.Name;

    /// <inheritdoc/>
    public Task<IReadOnlyList<(string RunId, DateTimeOffset Deadline)>> WaitingRunsAsync(int runPartition, CancellationToken cancellationToken) =>
        runner.WaitingRunsAsync(runPartition, cancellationToken);

    /// <inheritdoc/>
    public Task ResolveAsync(DelegationReply reply, CancellationToken cancellationToken) => runner.ResolveDelegationAsync(reply, readEvent, cancellationToken);

    /// <inheritdoc/>
    public Task ExpireAsync(string runId, int runPartition, CancellationToken cancellationToken) =>
        runner.ExpireDelegationAsync(runId, runPartition, readEvent, cancellationToken);
}
