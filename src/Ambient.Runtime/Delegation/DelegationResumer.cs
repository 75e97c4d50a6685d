using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Runs;
using Ambient.Runtime.Checkpoints;
using Ambient.Runtime.Runs;
using Ambient.Abstractions.A2a;

namespace Ambient.Runtime.Delegation;

/// <summary>
/// Resumes runs parked at a <c>delegate</c> step: records each answer in the waiting step, and once none is pending (or
/// the deadline passed) runs on from there. The run is held nowhere meanwhile, so any worker may do this.
/// </summary>
internal sealed class DelegationResumer(AgentServices services, RunExecutor executor)
{
    // Runs parked on checkpoint partitions whose replies this worker reads: read once, then only what is new.
    private readonly PartitionRunCache _replyRuns = new(services.Checkpoints.Log, services.Agent.Name, services.Logger);

    /// <summary>
    /// Hands a final answer to the run that delegated: recorded in its waiting <c>delegate</c> step, and once
    /// every request is answered (or the deadline passed) the run goes on from there. A reply for a step that
    /// is no longer waiting (duplicates, late answers) is ignored.
    /// </summary>
    public async Task ResolveAsync(DelegationReply reply, Func<EventCoordinates, CancellationToken, Task<AmbientEvent>> readEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var (journal, step, conversation) = await LoadWaitingAsync(reply.RunId, reply.RunPartition, cancellationToken);
        var target = conversation?.Delegations?.FirstOrDefault(d => d.TaskId == reply.TaskId);
        if (journal is null || step is null || target is null || !target.IsPending)
        {
            services.Logger.LogReplyIgnored(services.Agent.Name, reply.RunId, reply.TaskId, reply.State,
                journal is null ? "no such run" : step is null ? "the run is not waiting" : target is null ? "not a task of this step" : "already answered");
            return;
        }

        // Another agent's answer is masked as a tool result is: it may quote what that agent was given.
        var answer = services.Masker.Mask(reply.Text);
        conversation!.Delegations = [.. conversation.Delegations!.Select(d => d == target
            ? d with { State = reply.State, Answer = answer.Text, Masked = answer.Count > 0 ? answer.Count : null }
            : d)];
        var pending = conversation.Delegations.Count(d => d.IsPending);
        services.Logger.LogDelegationAnswered(services.Agent.Name, reply.RunId, reply.TaskId, target.Agent, reply.State, pending);
        await ContinueAsync(journal, step, conversation, readEvent, cancellationToken);
    }

    /// <summary>Ends a waiting <c>delegate</c> step whose deadline passed: unanswered requests time out and the run goes on.</summary>
    public async Task ExpireAsync(string runId, int runPartition, Func<EventCoordinates, CancellationToken, Task<AmbientEvent>> readEvent, CancellationToken cancellationToken)
    {
        var (journal, step, conversation) = await LoadWaitingAsync(runId, runPartition, cancellationToken);
        var now = services.Time.GetUtcNow();
        if (journal is null || step is null || conversation!.Delegations!.Where(d => d.IsPending).Any(d => d.Deadline > now))
        {
            return;
        }

        var late = string.Join(", ", conversation.Delegations!.Where(d => d.IsPending).Select(d => d.Agent));
        services.Logger.LogDelegationTimedOut(services.Agent.Name, runId, late);
        conversation.Delegations = [.. conversation.Delegations!.Select(d => d.IsPending ? d with { State = PendingDelegation.TimedOut } : d)];
        await ContinueAsync(journal, step, conversation, readEvent, cancellationToken);
    }

    /// <summary>The runs of a checkpoint partition parked at a delegate step, with their earliest deadline (timers after a restart).</summary>
    public async Task<IReadOnlyList<(string RunId, DateTimeOffset Deadline)>> WaitingRunsAsync(int runPartition, CancellationToken cancellationToken)
    {
        var runs = await _replyRuns.AllAsync(runPartition, cancellationToken);
        return [.. runs
            .Where(j => j.Current is { StepName: StepNames.Delegate, Status: CheckpointStatus.Waiting } && j.Agent == services.Agent.Name)
            .Select(j => (j.RunId, ConversationState.FromJson(j.Current!.State).Delegations?.Where(d => d.IsPending).Min(d => d.Deadline) ?? services.Time.GetUtcNow()))];
    }

    private async Task<(RunJournal? Journal, Checkpoint? Step, ConversationState? Conversation)> LoadWaitingAsync(string runId, int runPartition, CancellationToken cancellationToken)
    {
        var journal = await _replyRuns.FindAsync(runPartition, runId, cancellationToken);
        return journal?.Current is { StepName: StepNames.Delegate, Status: CheckpointStatus.Waiting } step
            ? (journal, step, ConversationState.FromJson(step.State))
            : (journal, null, null);
    }

    /// <summary>
    /// Records the answers in the waiting step; once none is pending, gives each delegate call its result, marks
    /// the step done and runs on from it (the run is not held anywhere meanwhile: any worker may do this).
    /// </summary>
    private async Task ContinueAsync(RunJournal journal, Checkpoint step, ConversationState conversation, Func<EventCoordinates, CancellationToken, Task<AmbientEvent>> readEvent, CancellationToken cancellationToken)
    {
        var done = !conversation.IsWaitingForDelegates;
        if (done)
        {
            DelegationResults.AddToolResults(conversation);
        }

        var updated = step with
        {
            State = conversation.ToJson(),
            Status = done ? CheckpointStatus.Running : CheckpointStatus.Waiting,
            FinishedAt = services.Time.GetUtcNow(),
            Note = done ? DelegationResults.Note(conversation) : step.Note,
        };
        await services.Checkpoints.RewriteAsync(journal, [updated], cancellationToken);
        if (!done)
        {
            return;
        }

        var at = new EventCoordinates(step.Input.Topic, step.Input.Partition, step.Input.Offset);
        var input = await readEvent(at, cancellationToken);

        // This worker may hold the run's partition for its events: the resumed run is the one it should see from now on.
        services.Checkpoints.Adopt(at.Topic, at.Partition, journal);
        await executor.ExecuteAsync(new RunRequest(new RunId(journal.RunId), journal, input, at, services.Model, services.Topics.Actions, journal.ReplayOf), cancellationToken);
    }
}
