using System.Globalization;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Processing;
using Ambient.Runtime.Checkpoints;
using Ambient.Runtime.Runs;
using Microsoft.Extensions.Logging;

namespace Ambient.Runtime.Operations;

/// <summary>
/// What an operator does with runs, straight on the topics: list and inspect them from the checkpoints,
/// and ask the agent's workers for a rollback through the control topic (and wait until it is done).
/// Unreadable checkpoint records are reported to <paramref name="logger"/>, dead-lettered and skipped.
/// </summary>
public sealed class RunOperations(ICheckpointLog log, IRecordPublisher publisher, RunTopics topics, TimeProvider time, ILogger? logger = null)
{
    /// <summary>Runs, newest first, filtered by agent and status (<see cref="RunJournal.Status"/>) when given.</summary>
    public async Task<IReadOnlyList<RunJournal>> ListAsync(string? agent, string? status, CancellationToken cancellationToken)
    {
        var runs = await RunCatalog.LoadAllAsync(log, agent is null ? null : id => id.StartsWith(agent + "-", StringComparison.Ordinal), cancellationToken, logger);
        return [.. runs.Values
            .Where(r => r.Status is not null && (agent is null || r.Agent == agent) && (status is null || r.Status == status))
            .OrderByDescending(r => r.UpdatedAt)];
    }

    /// <summary>One run, read from every partition (its id does not say which one holds it).</summary>
    public async Task<RunJournal?> FindAsync(string runId, CancellationToken cancellationToken) =>
        (await RunCatalog.LoadAllAsync(log, id => id == runId, cancellationToken, logger)).GetValueOrDefault(runId);

    /// <summary>
    /// Checks that <paramref name="runId"/> can be rolled back to <paramref name="to"/> (a step index or
    /// <c>last-good</c>) and writes the command to the control topic for the run's agent.
    /// </summary>
    /// <exception cref="RollbackException">The run does not exist, is still running, or has no such step.</exception>
    public async Task<ControlCommand> RequestRollbackAsync(string runId, string to, string requestedBy, CancellationToken cancellationToken)
    {
        var run = await FindAsync(runId, cancellationToken) ?? throw new RollbackException($"No run {runId} on the checkpoints topic '{topics.Checkpoints}'.");
        int? step = null;
        if (!string.Equals(to, "last-good", StringComparison.OrdinalIgnoreCase))
        {
            step = int.TryParse(to, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                ? index
                : throw new RollbackException($"--to must be a step index or last-good, not '{to}'.");
        }

        RunRollback.Check(run, step);
        var current = run.Current!;
        var command = new ControlCommand(Guid.NewGuid().ToString("N"), ControlCommand.Rollback, runId, current.Agent, current.Input, step, requestedBy, time.GetUtcNow());
        await publisher.PublishAsync(new OutgoingRecord(topics.Control, runId, command.Encode(), new Dictionary<string, string>
        {
            ["content-type"] = "application/json",
            [RecordFactory.AgentHeader] = command.Agent,
            [RecordFactory.RunIdHeader] = runId,
        }), cancellationToken);
        return command;
    }

    /// <summary>Waits until a worker applied <paramref name="command"/> and the run finished again; null when it did not within <paramref name="timeout"/>.</summary>
    public async Task<RunJournal?> WaitForRollbackAsync(ControlCommand command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var deadline = time.GetUtcNow() + timeout;
        while (time.GetUtcNow() < deadline)
        {
            var run = await RunCatalog.LoadRunAsync(log, command.Input.Partition, command.RunId, cancellationToken, logger);
            if (run is not null && RunRollback.Applied(run, command.Id) is not null && run.IsFinished)
            {
                return run;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), time, cancellationToken);
        }

        return null;
    }
}
