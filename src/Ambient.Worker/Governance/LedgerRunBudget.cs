using System.Collections.Concurrent;
using Ambient.Governance.Budgets;
using Ambient.Llm;
using Ambient.Runtime.Limits;
using Microsoft.Extensions.Options;

namespace Ambient.Worker.Governance;

/// <summary>
/// The runs' budget in a worker: the shared ledger every replica draws leases from (see <see cref="IBudgetLedger"/>),
/// priced by <c>Ambient:Budgets:Prices</c> or, failing that, the agent file's <c>model.cost</c>. An agent whose last
/// reservation was refused counts as spent here until the ledger says it has budget again, so its consumer stops fetching.
/// </summary>
internal sealed class LedgerRunBudget(IBudgetLedger ledger, IOptions<BudgetOptions> options) : IRunBudget
{
    // The worst case each agent reserves, remembered for the wait of a spent agent (the gate waits by name only).
    private readonly ConcurrentDictionary<string, long> _worstCase = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _spent = new(StringComparer.Ordinal);

    public bool IsSpent(string agent) => _spent.ContainsKey(agent);

    public async ValueTask<BudgetHold?> ReserveAsync(string agent, string model, long worstCaseTokens, long tokensPerDay, CancellationToken cancellationToken)
    {
        _worstCase[agent] = worstCaseTokens;
        var grant = await ledger.ReserveAsync(new BudgetReservation(agent, worstCaseTokens, model, new BudgetLimits(TokensPerDay: tokensPerDay)), cancellationToken);
        if (!grant.Granted)
        {
            _spent[agent] = true;
            return null;
        }

        _spent.TryRemove(agent, out _);
        return new BudgetHold(agent, grant.Tokens, new Lease(grant, model));
    }

    public decimal Settle(BudgetHold hold, TokenUsage usage, decimal costUsd, string? answeredBy = null)
    {
        ArgumentNullException.ThrowIfNull(hold);
        if (hold.Lease is not Lease (var grant, var model))
        {
            return costUsd;
        }

        // The configured price table wins over the agent file's, so one change reprices every agent of a model; a fallback
        // that answered is priced as itself when the table knows it, else as the model the call was reserved for.
        var price = (answeredBy is null ? null : options.Value.PriceOf(answeredBy)) ?? options.Value.PriceOf(model);
        var cost = price?.CostOf(usage.Input, usage.Output) ?? costUsd;
        ledger.Settle(grant, usage.Input, usage.Output, cost);
        return cost;
    }

    private sealed record Lease(BudgetGrant Grant, string Model);

    public async Task WaitForBudgetAsync(string agent, CancellationToken cancellationToken)
    {
        await ledger.WaitForBudgetAsync(agent, _worstCase.GetValueOrDefault(agent, 1), cancellationToken);
        _spent.TryRemove(agent, out _);
    }
}
