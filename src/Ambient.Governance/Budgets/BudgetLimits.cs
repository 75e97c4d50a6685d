namespace Ambient.Governance.Budgets;

/// <summary>An agent's budget; a limit left null does not apply.</summary>
/// <param name="TokensPerDay">Tokens (input and output) per UTC day.</param>
/// <param name="CostPerDayUsd">US dollars per UTC day, priced by the model's price table.</param>
/// <param name="TokensPerMonth">Tokens per UTC calendar month.</param>
public sealed record BudgetLimits(long? TokensPerDay = null, decimal? CostPerDayUsd = null, long? TokensPerMonth = null)
{
    /// <summary>No limit at all.</summary>
    public static BudgetLimits None { get; } = new();

    /// <summary>These limits with every limit <paramref name="change"/> gives replacing this one's.</summary>
    public BudgetLimits With(BudgetLimits change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new BudgetLimits(change.TokensPerDay ?? TokensPerDay, change.CostPerDayUsd ?? CostPerDayUsd, change.TokensPerMonth ?? TokensPerMonth);
    }

    /// <summary>The largest lease a replica is given: one call, or 1% of the daily tokens when that is more.</summary>
    public long LeaseSize(long worstCaseTokens) =>
        TokensPerDay is { } perDay ? Math.Max(worstCaseTokens, (perDay + 99) / 100) : worstCaseTokens;
}
