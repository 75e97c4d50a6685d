using Ambient.Governance.Budgets;

namespace Ambient.Governance.Tests.Budgets;

/// <summary>What the ledger does with each request, without Kafka: leases, settles, releases, expiry and roll-over.</summary>
public sealed class BudgetRulesTests
{
    private static readonly DateTimeOffset s_noon = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private readonly BudgetRules _rules = new(TimeSpan.FromMinutes(5));

    [Fact]
    public void Lease_SmallCall_GetsOnePercentOfTheDay()
    {
        var budget = Set(10_000);

        var (after, answer) = Lease(budget, 30);

        Assert.True(answer.Granted);
        Assert.Equal(100, answer.Tokens);
        Assert.Equal(s_noon.AddMinutes(5), answer.ExpiresAt);
        Assert.Equal(100, after.OutstandingTokens);
    }

    [Fact]
    public void Lease_CallLargerThanOnePercent_GetsExactlyTheCall()
    {
        var (_, answer) = Lease(Set(10_000), 2_000);

        Assert.Equal(2_000, answer.Tokens);
    }

    [Fact]
    public void Lease_LessLeftThanOnePercentButEnoughForTheCall_GetsWhatIsLeft()
    {
        var budget = Settle(Lease(Set(10_000), 9_950).Budget, "lease-9950", reserved: 9_950, used: 9_950);

        var (after, answer) = Lease(budget, 30);

        Assert.Equal(50, answer.Tokens);
        Assert.Equal(0, after.AvailableTokens);
    }

    [Fact]
    public void Lease_SpentDay_IsRefusedNamingTheLimitAndTheNextUtcMidnight()
    {
        var budget = Settle(Lease(Set(1_000), 1_000).Budget, "lease-1000", reserved: 1_000, used: 990);

        var (_, answer) = Lease(budget, 20);

        Assert.False(answer.Granted);
        Assert.Equal("tokens per day: 990 used and 0 leased of 1,000; a call may need 20", answer.Reason);
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero), answer.ResetsAt);
    }

    [Fact]
    public void Lease_OutstandingLeasesCountAsSpent()
    {
        var budget = Lease(Set(100), 60).Budget;

        var (_, answer) = Lease(budget, 60, id: "second");

        Assert.False(answer.Granted);
        Assert.Contains("60 leased", answer.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Lease_SameRequestTwice_GetsTheSameLeaseOnce()
    {
        var (budget, first) = Lease(Set(10_000), 30, id: "again");

        var (after, second) = Lease(budget, 30, id: "again");

        Assert.Equal(first, second);
        Assert.Single(after.Leases);
    }

    [Fact]
    public void Settle_ReturnsTheUnusedPartOfTheReservation()
    {
        var leased = Lease(Set(1_000), 600).Budget;

        var settled = Settle(leased, "lease-600", reserved: 600, used: 100);

        Assert.Equal(100, settled.TokensToday);
        Assert.Equal(0, settled.OutstandingTokens);
        Assert.Equal(900, settled.AvailableTokens);
    }

    [Fact]
    public void Release_GivesBackTheRestAndTheLeaseGoesOnceItsCallsSettled()
    {
        var leased = Lease(Set(10_000), 30).Budget; // a lease of 100

        var released = Apply(leased, new BudgetRequest(BudgetRequestKind.Release, "r", "replica-a", Tokens: 40, LeaseId: "lease-30"));
        var settled = Settle(Settle(released, "lease-30", reserved: 30, used: 30), "lease-30", reserved: 30, used: 10);

        Assert.Equal(60, released.OutstandingTokens);
        Assert.Empty(settled.Leases);
        Assert.Equal(40, settled.TokensToday);
    }

    [Fact]
    public void Lease_NotSettledWithinItsLifetime_StopsCounting()
    {
        var leased = Lease(Set(100), 100).Budget;

        var (_, answer) = _rules.Apply(leased, "triage", new BudgetRequest(BudgetRequestKind.Lease, "later", "replica-b", Tokens: 100), s_noon.AddMinutes(5));

        Assert.True(answer.Granted);
    }

    [Fact]
    public void Settle_OfAnExpiredLease_StillCountsTheTokens()
    {
        var leased = Lease(Set(1_000), 100).Budget;

        var (settled, _) = _rules.Apply(leased, "triage", new BudgetRequest(BudgetRequestKind.Settle, "s", "replica-a", Tokens: 100, LeaseId: "lease-100", InputTokens: 70, OutputTokens: 30),
            s_noon.AddMinutes(6));

        Assert.Equal(100, settled.TokensToday);
        Assert.Empty(settled.Leases);
    }

    [Fact]
    public void Tick_NextUtcDay_StartsTheDayOverButNotTheMonth()
    {
        var spent = Settle(Lease(Set(1_000, perMonth: 5_000), 1_000).Budget, "lease-1000", reserved: 1_000, used: 1_000);

        var tomorrow = BudgetRules.Tick(spent, s_noon.AddHours(12));

        Assert.Equal((new DateOnly(2026, 12, 6), 0L, 1_000L), (tomorrow.Day, tomorrow.TokensToday, tomorrow.TokensThisMonth));
        Assert.True(tomorrow.Covers(1_000));
        Assert.Same(tomorrow, BudgetRules.Tick(tomorrow, s_noon.AddHours(13)));
    }

    [Fact]
    public void Lease_MonthSpent_IsRefusedUntilTheFirstOfNextMonth()
    {
        var spent = Settle(Lease(Set(1_000, perMonth: 1_500), 1_000).Budget, "lease-1000", reserved: 1_000, used: 1_000);
        var nextDay = s_noon.AddDays(1);

        var (_, answer) = _rules.Apply(spent, "triage", new BudgetRequest(BudgetRequestKind.Lease, "m", "replica-a", Tokens: 600), nextDay);

        Assert.False(answer.Granted);
        Assert.StartsWith("tokens per month: 1,000 used", answer.Reason, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), answer.ResetsAt);
    }

    [Fact]
    public void Lease_CostLimit_CapsTheLeaseAndRefusesOnceSpent()
    {
        // $1 per 1,000 tokens; $2 a day.
        var budget = Apply(null, new BudgetRequest(BudgetRequestKind.Set, "s", Limits: new BudgetLimits(TokensPerDay: 1_000_000, CostPerDayUsd: 2m)));
        var lease = new BudgetRequest(BudgetRequestKind.Lease, "c1", "replica-a", Tokens: 1_500, CostPerToken: 0.001m);

        var (leased, granted) = _rules.Apply(budget, "triage", lease, s_noon);
        var spent = Settle(leased, "c1", reserved: 1_500, used: 1_500, cost: 1.5m);
        var (_, refused) = _rules.Apply(spent, "triage", lease with { Id = "c2" }, s_noon);

        Assert.Equal(2_000, granted.Tokens);
        Assert.False(refused.Granted);
        Assert.StartsWith("cost per day: $1.5 spent and $0.5 leased of $2", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Lease_DeclaredLimits_HoldUntilASetReplacesThem()
    {
        var declared = new BudgetRequest(BudgetRequestKind.Lease, "d1", "replica-a", Tokens: 100, DefaultLimits: new BudgetLimits(TokensPerDay: 100));

        var (withDefaults, first) = _rules.Apply(null, "triage", declared, s_noon);
        var (_, refused) = _rules.Apply(withDefaults, "triage", declared with { Id = "d2" }, s_noon);
        var raised = Apply(withDefaults, new BudgetRequest(BudgetRequestKind.Set, "s", Limits: new BudgetLimits(TokensPerDay: 1_000)));
        var (_, afterSet) = _rules.Apply(raised, "triage", declared with { Id = "d3" }, s_noon);

        Assert.True(first.Granted);
        Assert.False(refused.Granted);
        Assert.True(afterSet.Granted);
        Assert.Equal(1_000, raised.Limits.TokensPerDay);
    }

    [Fact]
    public void Set_GivenLimitsReplaceOthersStay()
    {
        var budget = Set(1_000, perMonth: 20_000);

        var changed = Apply(budget, new BudgetRequest(BudgetRequestKind.Set, "s2", Limits: new BudgetLimits(CostPerDayUsd: 3m)));

        Assert.Equal(new BudgetLimits(1_000, 3m, 20_000), changed.Limits);
    }

    private AgentBudget Set(long perDay, long? perMonth = null) =>
        Apply(null, new BudgetRequest(BudgetRequestKind.Set, "set", Limits: new BudgetLimits(TokensPerDay: perDay, TokensPerMonth: perMonth)));

    private (AgentBudget Budget, BudgetAnswer Answer) Lease(AgentBudget budget, long worst, string? id = null) =>
        _rules.Apply(budget, "triage", new BudgetRequest(BudgetRequestKind.Lease, id ?? $"lease-{worst}", "replica-a", Tokens: worst), s_noon);

    private AgentBudget Settle(AgentBudget budget, string lease, long reserved, long used, decimal cost = 0) =>
        Apply(budget, new BudgetRequest(BudgetRequestKind.Settle, Guid.NewGuid().ToString("N"), "replica-a", Tokens: reserved, LeaseId: lease,
            InputTokens: used / 2, OutputTokens: used - (used / 2), CostUsd: cost));

    private AgentBudget Apply(AgentBudget? budget, BudgetRequest request) => _rules.Apply(budget, "triage", request, s_noon).Budget;
}
