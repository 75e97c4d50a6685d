namespace Ambient.Abstractions.Checkpoints;

/// <summary>The kinds of step a run is made of.</summary>
public static class StepNames
{
    /// <summary>The event was read and the run opened.</summary>
    public const string Perceive = "perceive";

    /// <summary>One model call.</summary>
    public const string Reason = "reason";

    /// <summary>The tool calls of the preceding model reply, turned into actions.</summary>
    public const string Act = "act";

    /// <summary>Later steps were undone; the run continues from this step's parent.</summary>
    public const string Rollback = "rollback";

    /// <summary>The decision was audited; the run is over.</summary>
    public const string Finish = "finish";

    /// <summary>Requests to other agents were sent (status <c>waiting</c>), or their replies arrived (status <c>running</c>).</summary>
    public const string Delegate = "delegate";
}
