using Ambient.Abstractions.A2a;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Processing;
using Ambient.Runtime.Checkpoints;
using Ambient.Runtime.Runs;

namespace Ambient.Runtime.Delegation;

/// <summary>The agent's A2A inbox: each request is a run of its own (one per task), answered when it ends.</summary>
internal sealed class InboxRequests(AgentServices services, RunExecutor executor, A2aServing serving, RunLocks locks)
{
    /// <summary>
    /// Serves an A2A request from the agent's inbox as a run of its own (one per task): answers at once if the
    /// task's run already finished, rejects a request read past its deadline, otherwise says WORKING and runs.
    /// </summary>
    public async Task<ProcessingResult> ServeAsync(AmbientEvent input, EventCoordinates at, CancellationToken cancellationToken)
    {
        var request = A2aServing.Read(input);
        var taskId = A2aTaskIds.For(services.Agent.Name, request.MessageId);
        var run = A2aServing.RunFor(services.Agent.Name, taskId);

        // A re-sent request waits for the run its first copy started, then answers from it.
        using var held = await locks.AcquireAsync(run.Value, cancellationToken);
        var journal = await services.Checkpoints.OpenAsync(run, at, cancellationToken);
        if (journal.IsFinished)
        {
            // The store keeps a finished run's last step without its conversation: the answer is read back from the log.
            var finish = journal.Current!;
            if (finish.State.IsNone)
            {
                finish = (await RunCatalog.LoadRunAsync(services.Checkpoints.Log, at.Partition, run.Value, cancellationToken, services.Logger))?.Current ?? finish;
            }

            var state = finish.Status == CheckpointStatus.Succeeded ? A2aTaskStates.Completed : A2aTaskStates.Failed;
            await serving.AnswerAsync(request, run, state, ConversationState.FromJson(finish.State).LastAssistantText ?? finish.Note ?? state, [], cancellationToken);
            return ProcessingResult.Completed;
        }

        if (journal.Current is null)
        {
            if (request.Deadline is { } deadline && deadline <= services.Time.GetUtcNow())
            {
                await serving.RejectAsync(request, taskId, $"The request arrived after its deadline {deadline:O}.", cancellationToken);
                return ProcessingResult.Completed;
            }

            await serving.WorkingAsync(request, taskId, cancellationToken);
        }

        await executor.ExecuteAsync(new RunRequest(run, journal, input, at, services.Model, services.Topics.Actions, ReplayOf: null), cancellationToken);
        journal.Slim();
        return ProcessingResult.Completed;
    }
}
