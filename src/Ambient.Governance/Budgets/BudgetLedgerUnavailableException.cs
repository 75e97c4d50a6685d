using Ambient.Abstractions.Processing;

namespace Ambient.Governance.Budgets;

/// <summary>
/// The budget ledger did not answer in time (Kafka unreachable, no ledger processor running): a model call that needs
/// a new lease does not start. A dependency failure, so the event's consumer retries it rather than dead-letter it.
/// </summary>
public sealed class BudgetLedgerUnavailableException : DependencyUnavailableException
{
    /// <summary>Creates the exception.</summary>
    public BudgetLedgerUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message naming the agent and what did not answer.</summary>
    public BudgetLedgerUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the Kafka error.</summary>
    public BudgetLedgerUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
