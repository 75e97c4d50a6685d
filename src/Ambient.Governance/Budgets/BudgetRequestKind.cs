namespace Ambient.Governance.Budgets;

/// <summary>What a record of the budget requests topic asks of the ledger.</summary>
public enum BudgetRequestKind
{
    /// <summary>Change the agent's limits (<c>ambient budget set</c>).</summary>
    Set,

    /// <summary>A replica asks for a lease covering at least one call's worst case.</summary>
    Lease,

    /// <summary>A call ended: its reservation leaves the lease, its real tokens and cost are spent.</summary>
    Settle,

    /// <summary>A replica gives back the part of a lease it never handed to a call.</summary>
    Release,
}
