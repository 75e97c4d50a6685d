using System.Diagnostics;
using Ambient.Abstractions.A2a;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Processing;
using Ambient.Abstractions.Runs;
using Ambient.Abstractions.Topics;
using Ambient.Llm;
using Ambient.Llm.Offline;
using Ambient.Runtime.Agents;
using Ambient.Runtime.Checkpoints;
using Ambient.Runtime.Delegation;
using Ambient.Runtime.Limits;
using Ambient.Runtime.Tools;
using Microsoft.Extensions.Logging;

namespace Ambient.Runtime.Runs;

/// <summary>
/// Runs one event through one agent: the reasoning loop with the agent's model, tool calls checked
/// against the allow-list and turned into action records, limits enforced by the runtime (tokens per
/// call, run timeout, daily budget, turns), and one audit record per decision. Everything it writes
/// is acknowledged before it returns, so the caller may then commit the event. Each step is checkpointed
/// (see <see cref="ReasoningLoop"/>), so a redelivered event resumes its run instead of starting over.
/// </summary>
public sealed class AgentRunner(
    AgentDefinition agent,
    IChatModel chat,
    AgentToolbox tools,
    IRecordPublisher publisher,
    RecordFactory records,
    AmbientTopics topics,
    TokenBudget budget,
    CheckpointStore checkpoints,
    TimeProvider time,
    ILogger<AgentRunner> logger,
    IA2aChannel? a2a = null) : IEventProcessor
{
    private readonly string _modelId = agent.Model.Provider == ModelSpec.Offline ? OfflineModel.ModelId : agent.Model.ModelId ?? agent.Model.Provider;
    private readonly A2aServing _serving = new(agent.Name, a2a, time, logger);

    // The agent's A2A inbox, when it serves requests (compared per record, so built once).
    private readonly string? _inbox = a2a is null ? null : topics.A2aInbox(agent.Name);

    // Runs parked on checkpoint partitions whose replies this worker reads: read once, then only what is new.
    private readonly PartitionRunCache _replyRuns = new(checkpoints.Log, agent.Name, logger);

    // One execution per run id at a time (two records of one event may be in flight together).
    private readonly RunLocks _locks = new();

    /// <inheritdoc/>
    public string Name => agent.Name;

    /// <inheritdoc/>
    /// <remarks>With an A2A channel, also the agent's inbox.</remarks>
    public IReadOnlyList<string> Topics { get; } =
        [.. agent.Subscriptions.Select(s => s.Topic).Concat(a2a is null ? [] : [topics.A2aInbox(agent.Name)]).Distinct(StringComparer.Ordinal)];

    /// <inheritdoc/>
    public int MaxConcurrency => agent.Limits.MaxConcurrentRuns;

    /// <summary>The agent this runner serves.</summary>
    public AgentDefinition Agent => agent;

    /// <summary>A runner whose runs are checkpointed to <paramref name="log"/> (the worker, replays and benches build it alike).</summary>
    public static AgentRunner Create(AgentDefinition agent, IChatModel chat, AgentToolbox tools, IRecordPublisher publisher, RecordFactory records, AmbientTopics topics,
        TokenBudget budget, ICheckpointLog log, CheckpointOptions options, TimeProvider time, ILoggerFactory loggers, IA2aChannel? a2a = null)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(loggers);
        var checkpoints = new CheckpointStore(log, agent.Name, options, time, loggers.CreateLogger<CheckpointStore>());
        return new AgentRunner(agent, chat, tools, publisher, records, topics, budget, checkpoints, time, loggers.CreateLogger<AgentRunner>(), a2a);
    }

    /// <summary>The agent's model (replays in live mode ask it again).</summary>
    internal IChatModel Model => chat;

    /// <summary>The id recorded as the agent's model.</summary>
    internal string ModelId => _modelId;

    /// <summary>Where this agent's runs are checkpointed.</summary>
    public CheckpointStore Checkpoints => checkpoints;

    /// <inheritdoc/>
    public void PartitionsAssigned(IEnumerable<(string Topic, int Partition)> partitions)
    {
        foreach (var (topic, partition) in partitions ?? [])
        {
            checkpoints.Preload(topic, partition);
        }
    }

    /// <inheritdoc/>
    public void PartitionsRevoked(IEnumerable<(string Topic, int Partition)> partitions)
    {
        foreach (var (topic, partition) in partitions ?? [])
        {
            checkpoints.Forget(topic, partition);
        }
    }

    /// <inheritdoc/>
    public async Task<ProcessingResult> ProcessAsync(AmbientEvent input, EventCoordinates at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (_inbox is not null && at.Topic == _inbox)
        {
            return await ServeAsync(input, at, cancellationToken);
        }

        if (!agent.Handles(at.Topic, input.Type, input.Ingress))
        {
            return ProcessingResult.Ignored;
        }

        // The run is the event's, not the record's: another record of the same event (a redelivery, a producer's retry,
        // the event published twice) waits for a copy in flight, then resumes the run or finds it finished.
        using var held = await _locks.AcquireAsync(RunId.For(agent.Name, input).Value, cancellationToken);
        var journal = await checkpoints.OpenForEventAsync(input, at, cancellationToken);
        var run = new RunId(journal.RunId);
        if (journal.IsFinished)
        {
            // Another record of an event whose run finished (redelivered before its offset was committed, or a copy): nothing left to do.
            logger.LogRunAlreadyFinished(agent.Name, run.Value, input.Id, at);
            return ProcessingResult.Completed;
        }

        var outcome = await ExecuteAsync(new RunRequest(run, journal, input, at, chat, topics.Actions, ReplayOf: null), cancellationToken);
        ForgetFinishedSteps(journal);
        return outcome.Outcome == RunOutcomes.BudgetExhausted ? ProcessingResult.Skipped : ProcessingResult.Completed;
    }

    /// <inheritdoc/>
    public AmbientEvent? TryReadRecord(string topic, string? key, IReadOnlyList<KeyValuePair<string, byte[]>> headers, ReadOnlyMemory<byte> value) =>
        _inbox is not null && topic == _inbox ? a2a!.ReadInbox(topic, key, headers, value) : null;

    /// <summary>
    /// Hands a final answer to the run that delegated: recorded in its waiting <c>delegate</c> step, and once
    /// every request is answered (or the deadline passed) the run goes on from there. A reply for a step that
    /// is no longer waiting (duplicates, late answers) is ignored.
    /// </summary>
    public async Task ResolveDelegationAsync(DelegationReply reply, Func<EventCoordinates, CancellationToken, Task<AmbientEvent>> readEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var (journal, step, conversation) = await LoadWaitingAsync(reply.RunId, reply.RunPartition, cancellationToken);
        var target = conversation?.Delegations?.FirstOrDefault(d => d.TaskId == reply.TaskId);
        if (journal is null || step is null || target is null || !target.IsPending)
        {
            logger.LogReplyIgnored(agent.Name, reply.RunId, reply.TaskId, reply.State,
                journal is null ? "no such run" : step is null ? "the run is not waiting" : target is null ? "not a task of this step" : "already answered");
            return;
        }

        conversation!.Delegations = [.. conversation.Delegations!.Select(d => d == target ? d with { State = reply.State, Answer = reply.Text } : d)];
        var pending = conversation.Delegations.Count(d => d.IsPending);
        logger.LogDelegationAnswered(agent.Name, reply.RunId, reply.TaskId, target.Agent, reply.State, pending);
        await ContinueAsync(journal, step, conversation, readEvent, cancellationToken);
    }

    /// <summary>Ends a waiting <c>delegate</c> step whose deadline passed: unanswered requests time out and the run goes on.</summary>
    public async Task ExpireDelegationAsync(string runId, int runPartition, Func<EventCoordinates, CancellationToken, Task<AmbientEvent>> readEvent, CancellationToken cancellationToken)
    {
        var (journal, step, conversation) = await LoadWaitingAsync(runId, runPartition, cancellationToken);
        var now = time.GetUtcNow();
        if (journal is null || step is null || conversation!.Delegations!.Where(d => d.IsPending).Any(d => d.Deadline > now))
        {
            return;
        }

        var late = string.Join(", ", conversation.Delegations!.Where(d => d.IsPending).Select(d => d.Agent));
        logger.LogDelegationTimedOut(agent.Name, runId, late);
        conversation.Delegations = [.. conversation.Delegations!.Select(d => d.IsPending ? d with { State = PendingDelegation.TimedOut } : d)];
        await ContinueAsync(journal, step, conversation, readEvent, cancellationToken);
    }

    /// <summary>The runs of a checkpoint partition parked at a delegate step, with their earliest deadline (timers after a restart).</summary>
    public async Task<IReadOnlyList<(string RunId, DateTimeOffset Deadline)>> WaitingRunsAsync(int runPartition, CancellationToken cancellationToken)
    {
        var runs = await _replyRuns.AllAsync(runPartition, cancellationToken);
        return [.. runs
            .Where(j => j.Current is { StepName: StepNames.Delegate, Status: CheckpointStatus.Waiting } && j.Agent == agent.Name)
            .Select(j => (j.RunId, ConversationState.FromJson(j.Current!.State).Delegations?.Where(d => d.IsPending).Min(d => d.Deadline) ?? time.GetUtcNow()))];
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
            FinishedAt = time.GetUtcNow(),
            Note = done ? DelegationResults.Note(conversation) : step.Note,
        };
        await checkpoints.RewriteAsync(journal, [updated], cancellationToken);
        if (!done)
        {
            return;
        }

        var at = new EventCoordinates(step.Input.Topic, step.Input.Partition, step.Input.Offset);
        var input = await readEvent(at, cancellationToken);

        // This worker may hold the run's partition for its events: the resumed run is the one it should see from now on.
        checkpoints.Adopt(at.Topic, at.Partition, journal);
        await ExecuteAsync(new RunRequest(new RunId(journal.RunId), journal, input, at, chat, topics.Actions, journal.ReplayOf), cancellationToken);
    }

    /// <summary>
    /// Serves an A2A request from the agent's inbox as a run of its own (one per task): answers at once if the
    /// task's run already finished, rejects a request read past its deadline, otherwise says WORKING and runs.
    /// </summary>
    private async Task<ProcessingResult> ServeAsync(AmbientEvent input, EventCoordinates at, CancellationToken cancellationToken)
    {
        var request = A2aServing.Read(input);
        var taskId = A2aKafka.TaskIdFor(agent.Name, request.MessageId);
        var run = A2aServing.RunFor(agent.Name, taskId);

        // A re-sent request waits for the run its first copy started, then answers from it.
        using var held = await _locks.AcquireAsync(run.Value, cancellationToken);
        var journal = await checkpoints.OpenAsync(run, at, cancellationToken);
        if (journal.IsFinished)
        {
            // The store keeps a finished run's last step without its conversation: the answer is read back from the log.
            var finish = journal.Current!;
            if (finish.State.IsNone)
            {
                finish = (await RunCatalog.LoadRunAsync(checkpoints.Log, at.Partition, run.Value, cancellationToken, logger))?.Current ?? finish;
            }

            var state = finish.Status == CheckpointStatus.Succeeded ? A2aTaskStates.Completed : A2aTaskStates.Failed;
            await _serving.AnswerAsync(request, run, state, ConversationState.FromJson(finish.State).LastAssistantText ?? finish.Note ?? state, [], cancellationToken);
            return ProcessingResult.Completed;
        }

        if (journal.Current is null)
        {
            if (request.Deadline is { } deadline && deadline <= time.GetUtcNow())
            {
                await _serving.RejectAsync(request, taskId, $"The request arrived after its deadline {deadline:O}.", cancellationToken);
                return ProcessingResult.Completed;
            }

            await _serving.WorkingAsync(request, taskId, cancellationToken);
        }

        var outcome = await ExecuteAsync(new RunRequest(run, journal, input, at, chat, topics.Actions, ReplayOf: null), cancellationToken);
        ForgetFinishedSteps(journal);
        return outcome.Outcome == RunOutcomes.BudgetExhausted ? ProcessingResult.Skipped : ProcessingResult.Completed;
    }

    /// <summary>
    /// A finished run stays in the store until the sweeper removes it, to recognise a redelivered event: the outline of
    /// its last step is all that needs (a restore keeps no more either). Keeping its steps would hold each run's
    /// conversation several times over for the whole retention, which the garbage collector then scans again and again
    /// (it was a fifth of the worker's CPU in the benchmark).
    /// </summary>
    private static void ForgetFinishedSteps(RunJournal journal)
    {
        if (journal.IsFinished)
        {
            journal.KeepLastStepSummary();
        }
    }

    /// <summary>
    /// Rolls a run back as <paramref name="command"/> asks (see <see cref="RunRollback"/>) and re-executes it
    /// from the chosen step with the agent's model. A redelivered command is not applied twice.
    /// </summary>
    /// <exception cref="RollbackException">The run or step does not allow it; the message says why.</exception>
    public async Task RollbackAsync(ControlCommand command, Func<EventCoordinates, CancellationToken, Task<AmbientEvent>> readEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(readEvent);
        var journal = await RunCatalog.LoadRunAsync(checkpoints.Log, command.Input.Partition, command.RunId, cancellationToken, logger)
            ?? throw new RollbackException(
                $"Run {command.RunId} is not on checkpoint partition {command.Input.Partition}: it never ran, or its checkpoints were removed after the retention.");
        var at = new EventCoordinates(command.Input.Topic, command.Input.Partition, command.Input.Offset);
        var input = await readEvent(at, cancellationToken);
        if (input.Id != command.Input.EventId)
        {
            throw new RollbackException(
                $"Run {command.RunId}: the record at {at} is event {input.Id}, not the run's event {command.Input.EventId} (was the topic deleted and recreated?); the run cannot be re-executed.");
        }

        await new RunRollback(checkpoints, publisher, records, topics, time).ApplyAsync(command, journal, agent.Version, input.PartitionKey, cancellationToken);

        // This worker's view of the partition no longer matches the log: read it again when next needed.
        checkpoints.Forget(at.Topic, at.Partition);
        if (!journal.IsFinished)
        {
            await ExecuteAsync(new RunRequest(new RunId(command.RunId), journal, input, at, chat, topics.Actions, journal.ReplayOf), cancellationToken);
        }
    }

    /// <summary>
    /// Runs (or resumes) one run to its end: steps from the first one its journal lacks, the audit record,
    /// then the <c>finish</c> checkpoint. Used for events, rollbacks and replays alike.
    /// </summary>
    internal async Task<RunResult> ExecuteAsync(RunRequest request, CancellationToken cancellationToken)
    {
        var (run, _, input, at, _, _, _) = request;
        using var activity = RuntimeTelemetry.Source.StartActivity($"invoke_agent {agent.Name}");
        activity?.SetTag("gen_ai.operation.name", "invoke_agent");
        activity?.SetTag("gen_ai.agent.name", agent.Name);
        activity?.SetTag("ambient.run.id", run.Value);
        activity?.SetTag("cloudevents.event_id", input.Id);
        activity?.SetTag("cloudevents.event_type", input.Type);
        var started = Stopwatch.GetTimestamp();

        // A run keeps the input it began with: a later record of the same event resumes it, and rollbacks read the event there.
        var recorder = new RunRecorder(checkpoints, request.Journal, agent.Name, agent.Version,
            request.Journal.Input ?? new RunInput(at.Topic, at.Partition, at.Offset, input.Id, input.Type), request.ReplayOf, time);
        var outcome = await RunAsync(request, recorder, cancellationToken);

        activity?.SetTag("ambient.run.outcome", outcome.Outcome);
        RuntimeTelemetry.Runs.Add(1, new("agent", agent.Name), new("outcome", outcome.Outcome));
        RuntimeTelemetry.RunDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("agent", agent.Name));
        if (RunOutcomes.IsUnfinished(outcome.Outcome))
        {
            // Parked at a delegate step or by a tool-call filter: the run is audited and finished when it goes on.
            return outcome;
        }

        // The audit describes steps that are durable; the finish step is durable before the event's offset is stored.
        await recorder.FlushAsync(cancellationToken);
        await PublishAuditAsync(run, input, outcome, cancellationToken);
        if (outcome.Outcome != RunOutcomes.BudgetExhausted)
        {
            // The run is over once its decision is audited; a redelivered event now finds it finished.
            recorder.StartStep();
            var status = outcome.Outcome == RunOutcomes.Completed ? CheckpointStatus.Succeeded : CheckpointStatus.Failed;
            await recorder.RecordFinishAsync(status, outcome.Outcome, cancellationToken);
            await recorder.FlushAsync(cancellationToken);
        }

        logger.LogRunFinished(agent.Name, run.Value, input.Type, outcome.Outcome, outcome.ActionIds.Count, outcome.Usage.Total, outcome.Summary ?? string.Empty);
        if (a2a is not null && input.Type == A2aKafka.MessageEventType)
        {
            await _serving.AnswerAsync(input, run, outcome, cancellationToken);
        }

        return outcome;
    }

    private async Task<RunResult> RunAsync(RunRequest request, RunRecorder recorder, CancellationToken cancellationToken)
    {
        var (run, _, input, _, model, actionsTopic, _) = request;
        if (recorder.Journal.Current is null && !budget.HasBudget(agent.Name, agent.Limits.MaxTokensPerDay))
        {
            logger.LogBudgetExhausted(agent.Name, run.Value, budget.UsedToday(agent.Name), agent.Limits.MaxTokensPerDay);
            return new RunResult(RunOutcomes.BudgetExhausted, "The agent's daily token budget is spent; the event was not reasoned about.", [], [], default);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(agent.Limits.TimeoutSeconds));
        var scope = new RunScope(run, agent.Name, input, time,
            async (action, token) => await publisher.PublishAsync(await records.ActionAsync(action, input.PartitionKey, actionsTopic, token), token))
        {
            // A replay answers delegations from the record, so any agent the original asked may be asked again.
            CanDelegateTo = request.RecordedDelegations is not null ? _ => true : a2a is null ? null : a2a.CanReach,
        };
        var loop = new ReasoningLoop(agent, model, tools, scope, recorder, budget, _modelId, a2a, request, time, logger);
        RunResult result;
        try
        {
            result = await loop.RunAsync(input, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The run's own time limit, not a shutdown: the decision so far is audited, the event is done.
            logger.LogRunTimedOut(agent.Name, run.Value, agent.Limits.TimeoutSeconds);
            await scope.FlushAsync();
            result = new RunResult(RunOutcomes.TimedOut, $"The run exceeded its {agent.Limits.TimeoutSeconds} s limit.",
                [.. recorder.Actions.Select(a => a.Id).Union(scope.Actions.Select(a => a.Id))], loop.RefusedTools, loop.Usage);
        }
        catch (Exception ex)
        {
            // The run failed (and will be retried from its last checkpoint): let its in-flight writes finish or fail first.
            await scope.FlushAsync().ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await recorder.FlushAsync(CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (ex is not OperationCanceledException)
            {
                await recorder.MarkFailedAsync(ex.Message);
            }

            throw;
        }

        return result;
    }

    private async Task PublishAuditAsync(RunId run, AmbientEvent input, RunResult result, CancellationToken cancellationToken)
    {
        var audit = new AuditRecord(run.Value, agent.Name, input.Id, input.Type, result.Outcome, result.Summary, result.ActionIds,
            result.RefusedTools, result.Usage.Input, result.Usage.Output, _modelId, agent.Version, time.GetUtcNow());
        await publisher.PublishAsync(await records.AuditAsync(audit, input.PartitionKey, topics, cancellationToken), cancellationToken);
    }
}
