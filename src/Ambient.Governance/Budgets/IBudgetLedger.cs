namespace Ambient.Governance.Budgets;

/// <summary>
/// The shared, durable budget as one replica sees it. A model call reserves its worst case before it starts and
/// settles its real usage after; reservations come from a small lease this replica holds, so most calls do not wait on
/// the ledger at all.
/// </summary>
public interface IBudgetLedger
{
    /// <summary>Reserves <paramref name="worstCaseTokens"/> of <paramref name="agent"/>'s budget (no cost price, no declared limits).</summary>
    /// <exception cref="BudgetLedgerUnavailableException">A new lease was needed and the ledger did not answer within <see cref="BudgetOptions.RequestTimeout"/>.</exception>
    ValueTask<BudgetGrant> ReserveAsync(string agent, long worstCaseTokens, CancellationToken cancellationToken);

    /// <summary>
    /// Reserves a call's worst case: from this replica's lease when it covers it, else from a new lease (one round trip
    /// to the ledger). Returns an exhausted grant, never throws, when the budget is spent.
    /// </summary>
    /// <exception cref="BudgetLedgerUnavailableException">A new lease was needed and the ledger did not answer within <see cref="BudgetOptions.RequestTimeout"/>.</exception>
    ValueTask<BudgetGrant> ReserveAsync(BudgetReservation reservation, CancellationToken cancellationToken);

    /// <summary>
    /// Settles a granted call: its reservation leaves the lease, and its real tokens and cost are spent (what it did not
    /// use is budget again). Does not wait: the record is written in the background; an exhausted grant is ignored.
    /// </summary>
    void Settle(BudgetGrant grant, long inputTokens, long outputTokens, decimal costUsd);

    /// <summary>
    /// Completes when <paramref name="agent"/> could be granted <paramref name="worstCaseTokens"/> again: its limits were
    /// raised (<c>ambient budget set</c>), the UTC day or month rolled over, or leases came back. A deferred run waits here.
    /// </summary>
    Task WaitForBudgetAsync(string agent, long worstCaseTokens, CancellationToken cancellationToken);

    /// <summary>The agent's budget as last read from the ledger, or null when none was read yet.</summary>
    AgentBudget? Budget(string agent);
}
