namespace Ambient.Governance.Budgets;

/// <summary>
/// One record of the budget topic (compacted, keyed by agent): the agent's budget after a request, with the answer to
/// it (null when the ledger itself changed it: a day rolled over, a lease expired).
/// </summary>
/// <param name="Budget">The agent's budget.</param>
/// <param name="Answer">The answer to the request just handled.</param>
public sealed record BudgetLedgerRecord(AgentBudget Budget, BudgetAnswer? Answer);
