namespace Ambient.Abstractions.Audit;

/// <summary>How a run ended, as written in <see cref="AuditRecord.Outcome"/>.</summary>
public static class RunOutcomes
{
    /// <summary>The agent reasoned and proposed its actions.</summary>
    public const string Completed = "completed";

    /// <summary>The agent's daily token budget is spent: the event was consumed without an LLM call.</summary>
    public const string BudgetExhausted = "skipped-budget-exhausted";

    /// <summary>The run exceeded its time limit.</summary>
    public const string TimedOut = "timed-out";
}
