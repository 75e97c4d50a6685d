using System.Globalization;

namespace Ambient.Governance.Budgets;

/// <summary>
/// What the ledger does with one request, given the agent's budget and the time: pure, so every rule is tested without
/// Kafka. Spending counts toward the UTC day (and month) in which it is settled; outstanding leases count as spent.
/// </summary>
/// <param name="leaseLifetime">How long a lease is counted before it expires (its replica may have disappeared).</param>
public sealed class BudgetRules(TimeSpan leaseLifetime)
{
    /// <summary>The agent's budget after <paramref name="request"/>, and the answer to it.</summary>
    public (AgentBudget Budget, BudgetAnswer Answer) Apply(AgentBudget? current, string agent, BudgetRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var budget = Tick(current ?? AgentBudget.New(agent, Today(now)), now);
        return request.Kind switch
        {
            BudgetRequestKind.Set => (budget with { Limits = budget.Limits.With(request.Limits ?? BudgetLimits.None), LimitsSet = true }, new BudgetAnswer(request.Id, request.Kind)),
            BudgetRequestKind.Lease => Lease(budget, request, now),
            BudgetRequestKind.Settle => (Settle(budget, request), new BudgetAnswer(request.Id, request.Kind)),
            BudgetRequestKind.Release => (Reduce(budget, request.LeaseId, request.Tokens, release: true), new BudgetAnswer(request.Id, request.Kind)),
            _ => (budget, new BudgetAnswer(request.Id, request.Kind, Reason: $"unknown request kind {request.Kind}")),
        };
    }

    /// <summary>Rolls the day and month over and drops expired leases; returns the same instance when nothing changed.</summary>
    public static AgentBudget Tick(AgentBudget budget, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(budget);
        var today = Today(now);
        var rolled = budget;
        if (rolled.Day != today)
        {
            rolled = rolled with { Day = today, TokensToday = 0, CostTodayUsd = 0 };
        }

        if (rolled.Month != AgentBudget.FirstOfMonth(today))
        {
            rolled = rolled with { Month = AgentBudget.FirstOfMonth(today), TokensThisMonth = 0 };
        }

        return rolled.Leases.Any(lease => lease.ExpiresAt <= now) ? rolled with { Leases = [.. rolled.Leases.Where(lease => lease.ExpiresAt > now)] } : rolled;
    }

    private (AgentBudget, BudgetAnswer) Lease(AgentBudget budget, BudgetRequest request, DateTimeOffset now)
    {
        if (budget.Leases.FirstOrDefault(lease => lease.Id == request.Id) is { } again)
        {
            // A retried request: the lease it got already, not a second one.
            return (budget, new BudgetAnswer(request.Id, request.Kind, Granted: true, again.Tokens, again.ExpiresAt));
        }

        if (!budget.LimitsSet && request.DefaultLimits is { } declared)
        {
            budget = budget with { Limits = declared };
        }

        var worst = Math.Max(1, request.Tokens);
        if (Refusal(budget, worst, request.CostPerToken) is { } refused)
        {
            return (budget, refused with { RequestId = request.Id });
        }

        var tokens = Math.Min(budget.Limits.LeaseSize(worst), budget.AvailableTokens ?? long.MaxValue);
        if (budget.AvailableCostUsd is { } dollars && request.CostPerToken > 0)
        {
            tokens = (long)Math.Min(tokens, Math.Floor(dollars / request.CostPerToken));
        }

        var lease = new BudgetLease(request.Id, request.Replica ?? "?", Math.Max(tokens, worst), request.CostPerToken, now + leaseLifetime);
        return (budget with { Leases = [.. budget.Leases, lease] }, new BudgetAnswer(request.Id, request.Kind, Granted: true, lease.Tokens, lease.ExpiresAt));
    }

    private static BudgetAnswer? Refusal(AgentBudget budget, long worst, decimal costPerToken)
    {
        var (limits, outstanding) = (budget.Limits, budget.OutstandingTokens);
        if (limits.TokensPerDay is { } perDay && perDay - budget.TokensToday - outstanding < worst)
        {
            return Refused($"tokens per day: {N(budget.TokensToday)} used and {N(outstanding)} leased of {N(perDay)}; a call may need {N(worst)}", budget.DayResetsAt);
        }

        if (limits.TokensPerMonth is { } perMonth && perMonth - budget.TokensThisMonth - outstanding < worst)
        {
            return Refused($"tokens per month: {N(budget.TokensThisMonth)} used and {N(outstanding)} leased of {N(perMonth)}; a call may need {N(worst)}", budget.MonthResetsAt);
        }

        if (budget.AvailableCostUsd is { } dollars && (dollars <= 0 || dollars < worst * costPerToken))
        {
            return Refused(string.Create(CultureInfo.InvariantCulture,
                $"cost per day: ${budget.CostTodayUsd:0.####} spent and ${budget.OutstandingCostUsd:0.####} leased of ${limits.CostPerDayUsd:0.####}; a call may cost ${worst * costPerToken:0.####}"),
                budget.DayResetsAt);
        }

        return null;
    }

    private static BudgetAnswer Refused(string reason, DateTimeOffset resetsAt) => new(string.Empty, BudgetRequestKind.Lease, Reason: reason, ResetsAt: resetsAt);

    private static AgentBudget Settle(AgentBudget budget, BudgetRequest request)
    {
        var tokens = Math.Max(0, request.InputTokens) + Math.Max(0, request.OutputTokens);
        var spent = budget with
        {
            TokensToday = budget.TokensToday + tokens,
            TokensThisMonth = budget.TokensThisMonth + tokens,
            CostTodayUsd = budget.CostTodayUsd + Math.Max(0, request.CostUsd),
        };
        return Reduce(spent, request.LeaseId, request.Tokens, release: false);
    }

    // The reservation (or the unused rest) leaves its lease; a released lease goes once nothing of it is outstanding.
    // A lease that expired meanwhile is gone already: the real usage above still counts.
    private static AgentBudget Reduce(AgentBudget budget, string? leaseId, long tokens, bool release)
    {
        if (budget.Leases.FirstOrDefault(lease => lease.Id == leaseId) is not { } lease)
        {
            return budget;
        }

        var reduced = lease with { Tokens = Math.Max(0, lease.Tokens - Math.Max(0, tokens)), Released = lease.Released || release };
        var others = budget.Leases.Where(l => l.Id != leaseId);
        return budget with { Leases = reduced is { Released: true, Tokens: 0 } ? [.. others] : [.. budget.Leases.Select(l => l.Id == leaseId ? reduced : l)] };
    }

    private static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime);

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
