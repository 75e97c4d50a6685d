using Ambient.Abstractions.Checkpoints;

namespace Ambient.Runtime.Checkpoints;

/// <summary>
/// Everything the checkpoints topic holds about one run: its steps (including rolled-back ones) and
/// its head. The current position is the highest step that is not rolled back; following its parents
/// gives the chain of steps that led there.
/// </summary>
public sealed class RunJournal(string runId)
{
    private readonly SortedDictionary<int, Checkpoint> _steps = [];

    /// <summary>The run.</summary>
    public string RunId { get; } = runId;

    /// <summary>The newest head record, if any was written.</summary>
    public RunHead? Head { get; private set; }

    /// <summary>Every step, rolled-back ones included, by index.</summary>
    public IReadOnlyCollection<Checkpoint> Steps => _steps.Values;

    /// <summary>The index the next step gets: step indexes never repeat, even across rollbacks.</summary>
    public int NextIndex => _steps.Count == 0 ? 0 : _steps.Keys.Max() + 1;

    /// <summary>The latest step that counts (not rolled back), or null for a run that has not started.</summary>
    public Checkpoint? Current => _steps.Values.LastOrDefault(s => s.Status != CheckpointStatus.RolledBack);

    /// <summary>True once the run's decision was audited.</summary>
    public bool IsFinished => Current?.StepName == StepNames.Finish;

    /// <summary>The steps from the first to <see cref="Current"/>, following parents (so rolled-back branches are left out).</summary>
    public IReadOnlyList<Checkpoint> Chain()
    {
        var chain = new List<Checkpoint>();
        for (var step = Current; step is not null; step = step.Parent is { } parent ? _steps.GetValueOrDefault(parent) : null)
        {
            chain.Add(step);
        }

        chain.Reverse();
        return chain;
    }

    /// <summary>The step with this index, if present.</summary>
    public Checkpoint? Step(int index) => _steps.GetValueOrDefault(index);

    /// <summary>Adds or replaces a step.</summary>
    public void Apply(Checkpoint step) => _steps[step.StepIndex] = step;

    /// <summary>Replaces the head.</summary>
    public void Apply(RunHead head) => Head = head;

    /// <summary>Forgets a step (tombstoned, or compacted away in memory).</summary>
    public void RemoveStep(int index) => _steps.Remove(index);

    /// <summary>Forgets the head (tombstoned).</summary>
    public void RemoveHead() => Head = null;

    /// <summary>
    /// Keys of every record of this run, for tombstoning it: every step index up to the newest, since a
    /// finished run keeps only its last step in memory (step indexes are dense, so none is missed).
    /// </summary>
    public IEnumerable<string> Keys() => Enumerable.Range(0, NextIndex).Select(i => CheckpointKeys.Step(RunId, i)).Append(CheckpointKeys.Head(RunId));
}
