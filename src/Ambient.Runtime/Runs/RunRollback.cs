using System.Globalization;
using System.Text.Json;
using Ambient.Abstractions.Actions;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Processing;
using Ambient.Abstractions.Runs;
using Ambient.Runtime.Checkpoints;
using Ambient.Runtime.Tools;

namespace Ambient.Runtime.Runs;

/// <summary>
/// Rolls a run back to one of its steps: the later steps are marked rolled back (newest first, so a crash
/// halfway leaves a consistent chain), each of their actions gets its compensating action where the tool
/// declares one and an audit record saying it cannot be undone where not, and a <c>rollback</c> step
/// records all that with the chosen step as its parent. The run is then re-executed from there.
/// </summary>
internal sealed class RunRollback(CheckpointStore checkpoints, IRecordPublisher publisher, RecordFactory records, RunTopics topics, TimeProvider time)
{
    /// <summary>Applies <paramref name="command"/> to <paramref name="journal"/> unless it already was (a redelivered command).</summary>
    /// <returns>The step rolled back to.</returns>
    /// <exception cref="RollbackException">The run or step does not allow it.</exception>
    public async Task<Checkpoint> ApplyAsync(ControlCommand command, RunJournal journal, string agentVersion, string? partitionKey, CancellationToken cancellationToken)
    {
        var chain = journal.Chain();
        if (Applied(journal, command.Id) is { } applied)
        {
            return journal.Step(applied.Parent!.Value)!;
        }

        var target = Check(journal, command.ToStep);
        var discarded = chain.Where(s => s.StepIndex > target.StepIndex).ToList();
        await checkpoints.RewriteAsync(journal, [.. discarded.Select(s => s with { Status = CheckpointStatus.RolledBack })], cancellationToken);

        var run = new RunId(command.RunId);
        var step = journal.NextIndex;
        var compensations = new List<CheckpointAction>();
        var cannotUndo = new List<CheckpointAction>();
        foreach (var action in discarded.Where(s => s.StepName == StepNames.Act).SelectMany(s => s.Actions))
        {
            if (Compensations.For(action) is not { } inverse)
            {
                cannotUndo.Add(action);
                continue;
            }

            var id = new ActionId(run, step, compensations.Count).ToString();
            var arguments = JsonSerializer.SerializeToElement(inverse.Arguments);
            compensations.Add(new CheckpointAction(id, action.Target, inverse.Operation, arguments));
            var record = new ActionRecord(id, run.Value, command.Agent, action.Target, inverse.Operation, arguments,
                $"Compensates {action.Id} ({action.Operation}): rolled back to step {target.StepIndex} by {command.RequestedBy}.",
                command.Input.EventId, command.Input.EventType, time.GetUtcNow());
            await publisher.PublishAsync(await records.ActionAsync(record, partitionKey, topics, cancellationToken), cancellationToken);
        }

        foreach (var action in cannotUndo)
        {
            await PublishAuditAsync(command, agentVersion, partitionKey, RunOutcomes.CannotUndo, [action.Id],
                $"Action {action.Id} ({action.Target} {action.Operation}) was rolled back but cannot be undone: no compensating tool exists. Check its effect by hand.",
                cancellationToken);
        }

        await PublishAuditAsync(command, agentVersion, partitionKey, RunOutcomes.RolledBack, [.. compensations.Select(c => c.Id)],
            string.Create(CultureInfo.InvariantCulture,
                $"Rolled back to step {target.StepIndex} ({target.StepName}) by {command.RequestedBy}: {discarded.Count} steps discarded, {compensations.Count} actions compensated, {cannotUndo.Count} cannot be undone."),
            cancellationToken);

        var recorder = new RunRecorder(checkpoints, journal, command.Agent, agentVersion, command.Input, journal.ReplayOf, time);
        await recorder.RecordAsync(StepNames.Rollback, ConversationState.FromJson(target.State), [], compensations, cancellationToken,
            note: $"{command.Id}: rolled back to step {target.StepIndex} ({target.StepName}) by {command.RequestedBy}");
        await recorder.FlushAsync(cancellationToken);
        return target;
    }

    /// <summary>The <c>rollback</c> step a command already wrote, when it is redelivered (or waited for).</summary>
    public static Checkpoint? Applied(RunJournal journal, string commandId) =>
        journal.Chain().LastOrDefault(s => s.StepName == StepNames.Rollback && s.Note?.StartsWith(commandId, StringComparison.Ordinal) == true);

    /// <summary>
    /// Whether <paramref name="journal"/> can be rolled back to <paramref name="toStep"/> (null: the last good step,
    /// the newest step before the run finished or failed); returns that step. Checked by the operator's command
    /// before it is sent and by the worker before it is applied.
    /// </summary>
    /// <exception cref="RollbackException">The run is still running, or has no such step.</exception>
    public static Checkpoint Check(RunJournal journal, int? toStep)
    {
        ArgumentNullException.ThrowIfNull(journal);
        var current = journal.Current ?? throw new RollbackException($"Run {journal.RunId} has no checkpoints: nothing to roll back.");
        if (!journal.IsFinished && journal.Head?.Status != CheckpointStatus.Failed)
        {
            throw new RollbackException(
                $"Run {journal.RunId} is still running (step {current.StepIndex}, {current.StepName}); roll back a run that finished or failed.");
        }

        var candidates = journal.Chain().Where(s => s.StepName is not (StepNames.Finish or StepNames.Rollback)).ToList();
        if (toStep is not { } index)
        {
            return candidates.LastOrDefault() ?? throw new RollbackException($"Run {journal.RunId} has no step to roll back to.");
        }

        return candidates.FirstOrDefault(s => s.StepIndex == index)
            ?? throw new RollbackException(
                $"Run {journal.RunId} has no step {index} to roll back to; its steps are {string.Join(", ", candidates.Select(s => $"{s.StepIndex} ({s.StepName})"))}.");
    }

    private async Task PublishAuditAsync(ControlCommand command, string agentVersion, string? key, string outcome, IReadOnlyList<string> actionIds, string summary, CancellationToken cancellationToken)
    {
        var audit = new AuditRecord(command.RunId, command.Agent, command.Input.EventId, command.Input.EventType, outcome, summary, actionIds, [], 0, 0,
            "none", agentVersion, time.GetUtcNow());
        await publisher.PublishAsync(await records.AuditAsync(audit, key, topics, cancellationToken), cancellationToken);
    }
}
