namespace Ambient.Runtime.Checkpoints;

/// <summary>Checkpointing of runs (configuration section <c>Ambient:Checkpoints</c>).</summary>
public sealed class CheckpointOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Ambient:Checkpoints";

    /// <summary>Write a checkpoint after every step (default). Off only to measure what checkpointing costs.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Largest serialized state of one step; a run whose state grows past it fails with a clear error.</summary>
    public int MaxStateBytes { get; set; } = 256 * 1024;

    /// <summary>How long the checkpoints of a finished run are kept before they are tombstoned.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long after it finished a run can still be rolled back; checkpoints are never removed inside it.</summary>
    public TimeSpan RollbackWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often finished runs past their retention are looked for.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Fault injection for crash tests: kill this process (SIGKILL) right after its Nth checkpoint is acknowledged. 0 = never.</summary>
    public int KillAfterCheckpoints { get; set; }

    /// <summary>Checks the values at start, so a bad setting stops the worker with a message naming it.</summary>
    /// <exception cref="InvalidOperationException">A value is out of range.</exception>
    public void Validate()
    {
        if (MaxStateBytes < 1024)
        {
            throw new InvalidOperationException($"{SectionName}:MaxStateBytes is {MaxStateBytes}; it must be at least 1024.");
        }

        if (RollbackWindow < TimeSpan.Zero || Retention < RollbackWindow)
        {
            throw new InvalidOperationException(
                $"{SectionName}:Retention ({Retention}) must be at least {SectionName}:RollbackWindow ({RollbackWindow}): a run inside the rollback window must keep its checkpoints.");
        }

        if (SweepInterval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{SectionName}:SweepInterval must be positive.");
        }
    }
}
