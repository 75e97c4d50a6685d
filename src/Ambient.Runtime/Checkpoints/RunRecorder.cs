using Ambient.Abstractions.Serialization;
using Ambient.Abstractions.Checkpoints;
using Ambient.Llm;

namespace Ambient.Runtime.Checkpoints;

/// <summary>
/// Where a run is and how it records its next step: reads the journal's chain to find the first
/// unfinished step and the state to resume from, and writes each new step as a checkpoint (with the
/// run's head). Steps are not acknowledged one by one: the run goes on once a step is handed to the
/// log, and <see cref="FlushAsync"/> waits for them before anything that depends on them leaves the
/// process (actions, A2A requests, the audit record, the event's offset). A crash can then lose only
/// steps nothing outside has seen, and the successor redoes them.
/// </summary>
internal sealed class RunRecorder(CheckpointStore store, RunJournal journal, string agent, string agentVersion, RunInput input, string? replayOf, TimeProvider time)
{
    private readonly List<(int StepIndex, Task Acknowledged)> _unacknowledged = [];
    private DateTimeOffset _stepStarted = time.GetUtcNow();

    public RunJournal Journal => journal;

    public string RunId => journal.RunId;

    /// <summary>The event the run processes.</summary>
    public RunInput Input => input;

    /// <summary>
    /// The next step to execute: perceive, reason, act, delegate or finish; null once the run is finished. An <c>act</c>
    /// step parked by a tool-call filter leaves calls undecided: the next step is another <c>act</c> for them.
    /// A <c>delegate</c> step still waiting is returned again: its requests are re-sent and the run stays parked.
    /// <paramref name="conversation"/> is the state after the current step, which the caller already holds.
    /// </summary>
    public string? NextStep(ConversationState conversation) => EffectiveName(journal.Current) switch
    {
        null => StepNames.Perceive,
        StepNames.Perceive => StepNames.Reason,
        StepNames.Act => conversation.IsWaitingForDelegates ? StepNames.Delegate : conversation.UndecidedCalls().Count > 0 ? StepNames.Act : StepNames.Reason,
        StepNames.Delegate => journal.Current!.Status == CheckpointStatus.Waiting ? StepNames.Delegate : StepNames.Reason,
        StepNames.Reason => conversation.PendingCalls().Count > 0 ? StepNames.Act : StepNames.Finish,
        StepNames.Finish => null,
        var other => throw new InvalidOperationException($"Run {journal.RunId}: unknown step '{other}' in its checkpoints."),
    };

    /// <summary>The state after the current step.</summary>
    public ConversationState Conversation => journal.Current is { } current ? ConversationState.FromJson(current.State) : new();

    /// <summary>The model calls made so far on the current chain.</summary>
    public int ReasonSteps => journal.Chain().Count(s => s.StepName == StepNames.Reason);

    /// <summary>Tokens of the recorded model calls on the current chain.</summary>
    public TokenUsage RecordedUsage => journal.Chain().SelectMany(s => s.Exchanges)
        .Aggregate(default(TokenUsage), (sum, e) => sum + new TokenUsage(e.InputTokens, e.OutputTokens));

    /// <summary>The actions proposed on the current chain, in order.</summary>
    public IReadOnlyList<CheckpointAction> Actions => [.. journal.Chain().Where(s => s.StepName == StepNames.Act).SelectMany(s => s.Actions)];

    /// <summary>The index the next step gets (also the step part of its action ids).</summary>
    public int NextIndex => journal.NextIndex;

    /// <summary>Marks the start of a step, for its checkpoint's timestamps.</summary>
    public void StartStep() => _stepStarted = time.GetUtcNow();

    /// <summary>
    /// Hands the checkpoint of a step that just ended to the log, and the run's head when the run's status changes (it
    /// parks, resumes, fails, finishes, is rolled back). A run that starts needs no head either: until its status first
    /// changes it is running, and its newest step is where it is. A triage run writes five steps and one head.
    /// </summary>
    public Task<Checkpoint> RecordAsync(string name, ConversationState state, IReadOnlyList<LlmExchange> exchanges, IReadOnlyList<CheckpointAction> actions,
        CancellationToken cancellationToken, string status = CheckpointStatus.Running, string? note = null) =>
        RecordAsync(name, state.ToJson(), exchanges, actions, status, note, cancellationToken);

    /// <summary>
    /// Writes the <c>finish</c> step: the state is the current step's, as written (a finished run's conversation does
    /// not change, so it is neither read back nor serialized again).
    /// </summary>
    public Task<Checkpoint> RecordFinishAsync(string status, string outcome, CancellationToken cancellationToken) =>
        RecordAsync(StepNames.Finish, journal.Current?.State ?? new ConversationState().ToJson(), [], [], status, outcome, cancellationToken);

    private async Task<Checkpoint> RecordAsync(string name, JsonText state, IReadOnlyList<LlmExchange> exchanges, IReadOnlyList<CheckpointAction> actions,
        string status, string? note, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var step = new Checkpoint(journal.RunId, agent, agentVersion, input, journal.NextIndex, name, status, journal.Current?.StepIndex,
            state, exchanges, actions, _stepStarted, now, replayOf, note);
        var head = status == CheckpointStatus.Running && journal.Head is null or { Status: CheckpointStatus.Running } ? null : Head(step, status, note);
        _unacknowledged.Add((step.StepIndex, await store.AppendAsync(journal, step, head, cancellationToken)));
        RuntimeTelemetry.Checkpoints.Add(1, new("agent", agent), new("step", name));
        _stepStarted = now;
        return step;
    }

    /// <summary>
    /// Completes when every step recorded so far is acknowledged. A step that could not be written leaves the journal
    /// (so the run's failed head points at a step the log holds), and the store forgets the run's partition, so the
    /// retry resumes from what the log holds rather than from this process's view of it.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_unacknowledged.Count == 0)
        {
            return;
        }

        var all = _unacknowledged.Count == 1 ? _unacknowledged[0].Acknowledged : Task.WhenAll(_unacknowledged.Select(u => u.Acknowledged));
        try
        {
            await all.WaitAsync(cancellationToken);
        }
        catch when (all.IsFaulted)
        {
            foreach (var (stepIndex, _) in _unacknowledged.Where(u => u.Acknowledged.IsFaulted))
            {
                journal.RemoveStep(stepIndex);
            }

            _unacknowledged.Clear();
            store.Forget(input.Topic, input.Partition);
            throw;
        }

        _unacknowledged.Clear();
    }

    /// <summary>Marks the run failed in its head (best effort: a retry resumes from the last checkpoint either way).</summary>
    public async Task MarkFailedAsync(string reason)
    {
        if (journal.Current is not { } current)
        {
            return;
        }

        var head = Head(current, CheckpointStatus.Failed, reason);
        try
        {
            if (store.Options.Enabled)
            {
                await store.Log.WriteAsync(input.Partition, [new(CheckpointKeys.Head(journal.RunId), await store.Log.Codec.EncodeAsync(head))], CancellationToken.None);
            }

            journal.Apply(head);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The failure being reported is what matters; the head catches up at the next checkpoint.
        }
    }

    private RunHead Head(Checkpoint step, string status, string? outcome) =>
        new(journal.RunId, agent, agentVersion, input, step.StepIndex, step.StepName, status,
            journal.Head?.StartedAt ?? journal.Steps.FirstOrDefault()?.StartedAt ?? step.StartedAt, step.FinishedAt, replayOf, outcome);

    private string? EffectiveName(Checkpoint? step) => step?.StepName == StepNames.Rollback && step.Parent is { } parent
        ? EffectiveName(journal.Step(parent))
        : step?.StepName;
}
