namespace Ambient.Abstractions.Checkpoints;

/// <summary>The status of a step, and of a run in its head record.</summary>
public static class CheckpointStatus
{
    /// <summary>The step is done; the run goes on (or, on a head, the run is in progress).</summary>
    public const string Running = "running";

    /// <summary>The run finished and its decision was audited.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>The run failed (it will be retried, or it ended in the dead-letter topic or timed out).</summary>
    public const string Failed = "failed";

    /// <summary>The step was undone by a rollback; the run continues from an earlier step.</summary>
    public const string RolledBack = "rolled-back";

    /// <summary>The run is parked at this step until other agents reply or its deadline passes; no thread waits.</summary>
    public const string Waiting = "waiting";
}
