namespace Ambient.Governance.Tests.Budgets;

/// <summary>
/// The tests that run a budget ledger processor run one after another, as a worker runs one processor: a processor's
/// threads and its rebalances are timing-sensitive, and side by side on two cores they would only slow each other.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BudgetLedgerRuns
{
    public const string Name = "budget ledger";
}
