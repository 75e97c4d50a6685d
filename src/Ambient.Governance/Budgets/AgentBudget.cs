using System.Text.Json.Serialization;

namespace Ambient.Governance.Budgets;

/// <summary>
/// One agent's budget as the ledger holds it: its limits, what it spent this UTC day and month, and the leases
/// outstanding. Immutable: the ledger makes a new one per request.
/// </summary>
/// <param name="Agent">The agent.</param>
/// <param name="Limits">The limits in force.</param>
/// <param name="LimitsSet">True once <c>ambient budget set</c> gave limits; until then the agent file's are used.</param>
/// <param name="Day">The UTC day <paramref name="TokensToday"/> and <paramref name="CostTodayUsd"/> count.</param>
/// <param name="TokensToday">Tokens settled this day.</param>
/// <param name="CostTodayUsd">Cost settled this day.</param>
/// <param name="Month">The first day of the UTC month <paramref name="TokensThisMonth"/> counts.</param>
/// <param name="TokensThisMonth">Tokens settled this month.</param>
/// <param name="Leases">The leases outstanding.</param>
/// <param name="AppliedOffset">The offset of the last request applied, so a request read again after a crash counts once.</param>
public sealed record AgentBudget(string Agent, BudgetLimits Limits, bool LimitsSet, DateOnly Day, long TokensToday, decimal CostTodayUsd,
    DateOnly Month, long TokensThisMonth, IReadOnlyList<BudgetLease> Leases, long AppliedOffset = -1)
{
    /// <summary>A budget nothing was spent from, on <paramref name="day"/>.</summary>
    public static AgentBudget New(string agent, DateOnly day) =>
        new(agent, BudgetLimits.None, false, day, 0, 0, FirstOfMonth(day), 0, []);

    /// <summary>Tokens leased and not yet settled or released.</summary>
    [JsonIgnore]
    public long OutstandingTokens => Leases.Sum(lease => lease.Tokens);

    /// <summary>The worst cost of the tokens outstanding.</summary>
    [JsonIgnore]
    public decimal OutstandingCostUsd => Leases.Sum(lease => lease.Tokens * lease.CostPerToken);

    /// <summary>Tokens that may still be leased (the tighter of day and month); null without a token limit.</summary>
    [JsonIgnore]
    public long? AvailableTokens
    {
        get
        {
            long? day = Limits.TokensPerDay is { } perDay ? perDay - TokensToday - OutstandingTokens : null;
            long? month = Limits.TokensPerMonth is { } perMonth ? perMonth - TokensThisMonth - OutstandingTokens : null;
            var tightest = (day, month) switch
            {
                (null, null) => (long?)null,
                ({ } d, null) => d,
                (null, { } m) => m,
                ({ } d, { } m) => Math.Min(d, m),
            };
            return tightest is { } left ? Math.Max(0, left) : null;
        }
    }

    /// <summary>Dollars that may still be leased today; null without a cost limit.</summary>
    [JsonIgnore]
    public decimal? AvailableCostUsd => Limits.CostPerDayUsd is { } perDay ? Math.Max(0, perDay - CostTodayUsd - OutstandingCostUsd) : null;

    /// <summary>When the daily limits start over: the next UTC midnight.</summary>
    [JsonIgnore]
    public DateTimeOffset DayResetsAt => new(Day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>When the monthly limit starts over: the first of the next UTC month.</summary>
    [JsonIgnore]
    public DateTimeOffset MonthResetsAt => new(Month.AddMonths(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>True when a call of <paramref name="worstCaseTokens"/> could be leased now (cost permitting).</summary>
    public bool Covers(long worstCaseTokens) => (AvailableTokens ?? long.MaxValue) >= worstCaseTokens && AvailableCostUsd is not 0;

    /// <summary>The first day of <paramref name="day"/>'s month.</summary>
    public static DateOnly FirstOfMonth(DateOnly day) => new(day.Year, day.Month, 1);
}
