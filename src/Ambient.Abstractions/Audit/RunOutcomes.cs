namespace Ambient.Abstractions.Audit;

/// <summary>How a run ended, as written in <see cref="AuditRecord.Outcome"/>.</summary>
public static class RunOutcomes
{
    /// <summary>The agent reasoned and proposed its actions.</summary>
    public const string Completed = "completed";

    /// <summary>
    /// Written by versions that skipped an event when the agent's daily token budget was spent; no longer written (a
    /// spent budget defers the run), kept so older audit records still read as what they were.
    /// </summary>
    public const string BudgetExhausted = "skipped-budget-exhausted";

    /// <summary>The run exceeded its time limit.</summary>
    public const string TimedOut = "timed-out";

    /// <summary>A rollback discarded later steps of the run; their undoable actions got compensating actions.</summary>
    public const string RolledBack = "rolled-back";

    /// <summary>A rollback discarded an action that no tool can undo; someone must look at it.</summary>
    public const string CannotUndo = "cannot-undo";

    /// <summary>Not audited: the run is parked at a <c>delegate</c> step and goes on when the replies arrive.</summary>
    public const string Waiting = "waiting-for-delegates";

    /// <summary>Not audited: a tool-call filter parked the run (an approval, say); it goes on when it is driven again and the filter allows the call.</summary>
    public const string Parked = "parked";

    /// <summary>Not a run: the agent's semantic probe failed its threshold; the agent takes no new events until it answers well again.</summary>
    public const string Unhealthy = "unhealthy";

    /// <summary>Not a run: the agent's semantic probe answered well again after the agent was unhealthy; it takes events again.</summary>
    public const string Healthy = "healthy";

    /// <summary>Outcomes of the records the console writes for an operator's action (<c>console-pause</c>, ...): not a run's.</summary>
    public const string ConsolePrefix = "console-";

    /// <summary>True for the outcomes of a run that is not over (it is audited when it goes on and ends).</summary>
    public static bool IsUnfinished(string outcome) => outcome is Waiting or Parked;
}
