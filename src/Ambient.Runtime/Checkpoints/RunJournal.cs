using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Serialization;

namespace Ambient.Runtime.Checkpoints;

/// <summary>
/// Everything the checkpoints topic holds about one run: its steps (including rolled-back ones) and
/// its head. The current position is the highest step that is not rolled back; following its parents
/// gives the chain of steps that led there.
/// </summary>
public sealed class RunJournal(string runId)
{
    // Ordered by step index. Steps arrive in order while a run executes, so this is an append; a list beats a tree
    // for the handful of steps a run has.
    private readonly List<Checkpoint> _steps = [];

    /// <summary>The run.</summary>
    public string RunId { get; } = runId;

    /// <summary>The newest head record, if any was written.</summary>
    public RunHead? Head { get; private set; }

    /// <summary>Every step, rolled-back ones included, by index.</summary>
    public IReadOnlyCollection<Checkpoint> Steps => _steps;

    /// <summary>The index the next step gets: step indexes never repeat, even across rollbacks.</summary>
    public int NextIndex => _steps.Count == 0 ? 0 : _steps[^1].StepIndex + 1;

    /// <summary>The latest step that counts (not rolled back), or null for a run that has not started.</summary>
    public Checkpoint? Current
    {
        get
        {
            for (var i = _steps.Count - 1; i >= 0; i--)
            {
                if (_steps[i].Status != CheckpointStatus.RolledBack)
                {
                    return _steps[i];
                }
            }

            return null;
        }
    }

    /// <summary>When the run last moved: its newest step or head (the head is rewritten only when the status changes).</summary>
    public DateTimeOffset? UpdatedAt =>
        _steps.Count == 0 ? Head?.UpdatedAt : Head is null || Head.UpdatedAt < _steps[^1].FinishedAt ? _steps[^1].FinishedAt : Head.UpdatedAt;

    /// <summary>The agent the run belongs to, from its head or first step (null for an empty journal).</summary>
    public string? Agent => Head?.Agent ?? (_steps.Count > 0 ? _steps[0].Agent : null);

    /// <summary>
    /// The run's status: its head's, or, before a head is written (a run is running from its first step until it parks,
    /// fails or finishes), its newest step's. Null for an empty journal.
    /// </summary>
    public string? Status => Head?.Status ?? Current?.Status;

    /// <summary>For a replay, the run it replays, from its head or first step.</summary>
    public string? ReplayOf => Head?.ReplayOf ?? (_steps.Count > 0 ? _steps[0].ReplayOf : null);

    /// <summary>The input topic of the run's event, from its head or first step.</summary>
    public string? InputTopic => Head?.Input.Topic ?? (_steps.Count > 0 ? _steps[0].Input.Topic : null);

    /// <summary>Where the run's event was read when the run began, from its head or first step (null for an empty journal).</summary>
    public RunInput? Input => Head?.Input ?? (_steps.Count > 0 ? _steps[0].Input : null);

    /// <summary>True when nothing of the run is left (every record tombstoned).</summary>
    public bool IsEmpty => Head is null && _steps.Count == 0;

    /// <summary>True once the run's decision was audited.</summary>
    public bool IsFinished => Current?.StepName == StepNames.Finish;

    /// <summary>The steps from the first to <see cref="Current"/>, following parents (so rolled-back branches are left out).</summary>
    public IReadOnlyList<Checkpoint> Chain()
    {
        var chain = new List<Checkpoint>();
        for (var step = Current; step is not null; step = step.Parent is { } parent ? Step(parent) : null)
        {
            chain.Add(step);
        }

        chain.Reverse();
        return chain;
    }

    /// <summary>The step with this index, if present.</summary>
    public Checkpoint? Step(int index)
    {
        var at = IndexOf(index);
        return at >= 0 ? _steps[at] : null;
    }

    /// <summary>Adds or replaces a step.</summary>
    public void Apply(Checkpoint step)
    {
        if (_steps.Count == 0 || _steps[^1].StepIndex < step.StepIndex)
        {
            _steps.Add(step);
            return;
        }

        var at = IndexOf(step.StepIndex);
        if (at >= 0)
        {
            _steps[at] = step;
        }
        else
        {
            _steps.Insert(~at, step);
        }
    }

    /// <summary>Replaces the head.</summary>
    public void Apply(RunHead head) => Head = head;

    /// <summary>Forgets a step (tombstoned, or compacted away in memory).</summary>
    public void RemoveStep(int index)
    {
        var at = IndexOf(index);
        if (at >= 0)
        {
            _steps.RemoveAt(at);
        }
    }

    /// <summary>
    /// Keeps in memory only what the run needs from here on; its full record stays in the log, where rollbacks, replays
    /// and people read it. A finished run keeps the outline of its last step (<see cref="KeepLastStepSummary"/>); any
    /// other run (parked at a tool call or a delegation, or failed until its retry) its current step whole and the
    /// outline of the others (<see cref="KeepCurrentStepWhole"/>). A worker holds its finished runs for the retention and
    /// every run that waits for as long as it waits: whole, they held each conversation several times over, which the
    /// garbage collector scanned again and again (a fifth of the worker's CPU in the runtime bench), and made a parked run
    /// most of a worker's memory (docs/benchmarks.md, Governance).
    /// </summary>
    public void Slim()
    {
        if (IsFinished)
        {
            KeepLastStepSummary();
        }
        else
        {
            KeepCurrentStepWhole();
        }
    }

    /// <summary>
    /// Keeps only the current step, without its state, model exchanges and actions: all a finished run needs in memory
    /// (to be recognised when its event is redelivered, and swept after the retention). Its full record stays in the log.
    /// </summary>
    public void KeepLastStepSummary()
    {
        if (Current is { } current)
        {
            _steps.Clear();
            _steps.Add(current with { State = JsonText.None, Exchanges = [], Actions = [] });
        }
    }

    /// <summary>
    /// Keeps what driving the run on needs: the current step whole (its state is where the run goes on from), and of
    /// every other step its outline (<see cref="StepOutline"/>): enough for the chain, the step count, the actions proposed
    /// and the tokens spent, without the conversation each step carried or the model's replies.
    /// </summary>
    public void KeepCurrentStepWhole()
    {
        if (Current is not { } current)
        {
            return;
        }

        for (var i = 0; i < _steps.Count; i++)
        {
            _steps[i] = ReferenceEquals(_steps[i], current) ? StepOutline.TextOnly(current) : StepOutline.Of(_steps[i], current);
        }
    }

    /// <summary>A journal with the same steps and head, to change without changing this one.</summary>
    public RunJournal Copy()
    {
        var copy = new RunJournal(RunId) { Head = Head };
        copy._steps.AddRange(_steps);
        return copy;
    }

    /// <summary>Forgets the head (tombstoned).</summary>
    public void RemoveHead() => Head = null;

    /// <summary>
    /// Keys of every record of this run, for tombstoning it: every step index up to the newest, since a
    /// finished run keeps only its last step in memory (step indexes are dense, so none is missed).
    /// </summary>
    public IEnumerable<string> Keys() => Enumerable.Range(0, NextIndex).Select(i => CheckpointKeys.Step(RunId, i)).Append(CheckpointKeys.Head(RunId));

    /// <summary>The position of the step with <paramref name="index"/>, or the bitwise complement of where it would go.</summary>
    private int IndexOf(int index)
    {
        var (low, high) = (0, _steps.Count - 1);
        while (low <= high)
        {
            var middle = (low + high) / 2;
            var found = _steps[middle].StepIndex;
            if (found == index)
            {
                return middle;
            }

            (low, high) = found < index ? (middle + 1, high) : (low, middle - 1);
        }

        return ~low;
    }
}
