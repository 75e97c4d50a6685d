namespace Ambient.Governance.Tests.Budgets;

/// <summary>
/// The tests that run a budget ledger processor run one after another: Streamiz processors started side by side in one
/// test process stalled each other's start (see docs/governance.md#in-the-worker), which a worker, one processor per
/// process, does not do.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BudgetLedgerRuns
{
    public const string Name = "budget ledger";
}
