using Ambient.Governance.Budgets;
using Ambient.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Ambient.Governance.Tests.Budgets;

/// <summary>
/// The shared ledger through the real path: the Streamiz processor and replicas on the test broker over TCP, real
/// Confluent.Kafka clients, the processor's store restored from its changelog.
/// </summary>
[Collection(BudgetLedgerRuns.Name)]
public sealed class BudgetLedgerTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Flood_TwoReplicasReservingConcurrently_NeverOverspendMoreThanOneLeaseEach()
    {
        const long PerDay = 2_000, WorstCase = 10, Lease = PerDay / 100;
        await using var harness = await BudgetLedgerHarness.CreateAsync(kafka);
        await harness.StartLedgerAsync(Cancellation);
        await harness.SetAsync("triage", new BudgetLimits(TokensPerDay: PerDay), Cancellation);
        var replicas = new[] { await harness.StartReplicaAsync("replica-a", Cancellation), await harness.StartReplicaAsync("replica-b", Cancellation) };
        long spent = 0, refusals = 0;

        await Task.WhenAll(replicas.SelectMany(replica => Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (await replica.ReserveAsync("triage", WorstCase, Cancellation) is { Granted: true } grant)
            {
                // Every call uses its whole worst case: the most a flood can spend.
                Interlocked.Add(ref spent, WorstCase);
                replica.Settle(grant, 4, 6, 0m);
            }

            Interlocked.Increment(ref refusals);
        }, Cancellation))));
        var ledger = await Eventually.ReadAsync(() => replicas[0].Budget("triage"), b => b is { TokensToday: > 0 } && b.TokensToday == Interlocked.Read(ref spent), Cancellation);

        Assert.InRange(spent, PerDay - (2 * Lease) - WorstCase, PerDay + (2 * Lease));
        Assert.Equal(16, refusals);
        Assert.Equal(spent, ledger!.TokensToday);
    }

    [Fact]
    public async Task Settle_UnusedPartOfAReservation_IsBudgetAgain()
    {
        await using var harness = await BudgetLedgerHarness.CreateAsync(kafka);
        await harness.StartLedgerAsync(Cancellation);
        await harness.SetAsync("triage", new BudgetLimits(TokensPerDay: 1_000), Cancellation);
        var replica = await harness.StartReplicaAsync("replica-a", Cancellation);

        var first = await replica.ReserveAsync("triage", 600, Cancellation);
        replica.Settle(first, 80, 20, 0m);
        var second = await replica.ReserveAsync("triage", 600, Cancellation);
        var third = await replica.ReserveAsync("triage", 600, Cancellation);

        Assert.True(first.Granted);
        Assert.True(second.Granted, second.Reason);
        Assert.False(third.Granted);
        Assert.Equal("tokens per day: 100 used and 600 leased of 1,000; a call may need 600", third.Reason);
    }

    [Fact]
    public async Task Exhausted_ThenBudgetSetRaisesIt_TheReplicaLearnsBudgetIsBack()
    {
        await using var harness = await BudgetLedgerHarness.CreateAsync(kafka);
        await harness.StartLedgerAsync(Cancellation);
        await harness.SetAsync("triage", new BudgetLimits(TokensPerDay: 100), Cancellation);
        var replica = await harness.StartReplicaAsync("replica-a", Cancellation);
        var spent = await replica.ReserveAsync("triage", 100, Cancellation);
        replica.Settle(spent, 50, 50, 0m);

        var exhausted = await replica.ReserveAsync("triage", 100, Cancellation);
        var waiting = replica.WaitForBudgetAsync("triage", 100, Cancellation);
        var waitingBeforeSet = waiting.IsCompleted;
        await harness.SetAsync("triage", new BudgetLimits(TokensPerDay: 1_000), Cancellation);
        await waiting.WaitAsync(Eventually.Limit, Cancellation);
        var again = await replica.ReserveAsync("triage", 100, Cancellation);

        Assert.False(exhausted.Granted);
        Assert.StartsWith("tokens per day: 100 used", exhausted.Reason, StringComparison.Ordinal);
        Assert.Equal(DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(1), DateOnly.FromDateTime(exhausted.ResetsAt!.Value.UtcDateTime));
        Assert.False(waitingBeforeSet);
        Assert.True(again.Granted, again.Reason);
    }

    [Fact]
    public async Task Exhausted_UntilTheUtcDayRollsOver_ThenTheDeferredRunGoesOn()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 23, 0, 0, TimeSpan.Zero));
        await using var harness = await BudgetLedgerHarness.CreateAsync(kafka, time);
        await harness.StartLedgerAsync(Cancellation);
        await harness.SetAsync("digest", new BudgetLimits(TokensPerDay: 500), Cancellation);
        var replica = await harness.StartReplicaAsync("replica-a", Cancellation);
        replica.Settle(await replica.ReserveAsync("digest", 500, Cancellation), 200, 300, 0m);

        var exhausted = await replica.ReserveAsync("digest", 500, Cancellation);
        var waiting = replica.WaitForBudgetAsync("digest", 500, Cancellation);
        var waitingBeforeMidnight = waiting.IsCompleted;
        time.Advance(TimeSpan.FromHours(1));
        await waiting.WaitAsync(Eventually.Limit, Cancellation);
        var nextDay = await replica.ReserveAsync("digest", 500, Cancellation);

        Assert.False(exhausted.Granted);
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero), exhausted.ResetsAt);
        Assert.False(waitingBeforeMidnight);
        Assert.True(nextDay.Granted, nextDay.Reason);
        Assert.Equal(new DateOnly(2026, 12, 6), replica.Budget("digest")!.Day);
    }

    [Fact]
    public async Task LeaseOfAVanishedReplica_ExpiresAndTheLedgerAnnouncesTheBudgetIsBack()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero));
        await using var harness = await BudgetLedgerHarness.CreateAsync(kafka, time);
        await harness.StartLedgerAsync(Cancellation);
        await harness.SetAsync("triage", new BudgetLimits(TokensPerDay: 1_000), Cancellation);
        var vanishing = await harness.StartReplicaAsync("replica-a", Cancellation);
        var watching = await harness.StartReplicaAsync("replica-b", Cancellation);

        var held = await vanishing.ReserveAsync("triage", 1_000, Cancellation);
        await vanishing.StopAsync(Cancellation); // never settles
        var refused = await watching.ReserveAsync("triage", 1_000, Cancellation);
        time.Advance(TimeSpan.FromMinutes(5));
        // Nobody asks the ledger anything: its own tick drops the lease and publishes the budget.
        var announced = await Eventually.ReadAsync(() => watching.Budget("triage"), b => b is { Leases.Count: 0 }, Cancellation);

        Assert.True(held.Granted);
        Assert.False(refused.Granted);
        Assert.Equal(1_000, announced!.AvailableTokens);
        Assert.Equal(0, announced.TokensToday);
    }

    [Fact]
    public async Task LedgerRestart_RestoresEveryBudgetFromItsChangelog()
    {
        await using var harness = await BudgetLedgerHarness.CreateAsync(kafka);
        var first = await harness.StartLedgerAsync(Cancellation);
        await harness.SetAsync("triage", new BudgetLimits(TokensPerDay: 500), Cancellation);
        var before = await harness.StartReplicaAsync("replica-a", Cancellation);
        before.Settle(await before.ReserveAsync("triage", 300, Cancellation), 100, 200, 0m);
        await Eventually.UntilAsync(() => before.Budget("triage") is { TokensToday: 300 }, Cancellation);

        await first.StopAsync(Cancellation);
        await harness.StartLedgerAsync(Cancellation);
        var after = await harness.StartReplicaAsync("replica-b", Cancellation);
        var refused = await after.ReserveAsync("triage", 300, Cancellation);
        var granted = await after.ReserveAsync("triage", 200, Cancellation);

        Assert.False(refused.Granted);
        Assert.StartsWith("tokens per day: 300 used and 0 leased of 500", refused.Reason, StringComparison.Ordinal);
        Assert.True(granted.Granted, granted.Reason);
    }

    [Fact]
    public async Task NextProcessor_AfterAnEarlierProcessorsHostDisposedItsLogging_StillRuns()
    {
        // Streamiz keeps the logger factory of the last processor built in a static; a stopped host disposes its own. The
        // next processor's first logger came from that disposed factory, and it never ran.
        await using var harness = await BudgetLedgerHarness.CreateAsync(kafka);
        var logging = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(new CollectingLoggerProvider(LogLevel.Debug)));
        var first = new BudgetLedgerProcessor(harness.Topics, harness.Kafka, BudgetLedgerHarness.OptionsFor("first"), TimeProvider.System, logging);
        await first.StartAsync(Cancellation);
        await first.Running.WaitAsync(Eventually.Limit, Cancellation);
        await first.StopAsync(Cancellation);
        logging.Dispose();

        await harness.StartLedgerAsync(Cancellation);
        await harness.SetAsync("triage", new BudgetLimits(TokensPerDay: 500), Cancellation);
        var replica = await harness.StartReplicaAsync("replica-a", Cancellation);
        var granted = await replica.ReserveAsync("triage", 100, Cancellation);

        Assert.True(granted.Granted, granted.Reason);
    }

    [Fact]
    public async Task MalformedRequests_OnTheTopic_AreSkippedAndTheLedgerGoesOn()
    {
        await using var harness = await BudgetLedgerHarness.CreateAsync(kafka);
        await harness.StartLedgerAsync(Cancellation);
        using (var producer = new Confluent.Kafka.ProducerBuilder<string?, byte[]?>(new Confluent.Kafka.ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build())
        {
            // Anyone the ACLs let write the topic could send these: no key, not JSON, JSON of another shape, no value.
            foreach (var (key, value) in new (string?, byte[]?)[]
            {
                (null, "{}"u8.ToArray()), ("triage", "not json"u8.ToArray()), ("triage", """{"kind":42,"tokens":"many"}"""u8.ToArray()), ("triage", null),
            })
            {
                await producer.ProduceAsync(harness.Topics.BudgetRequests, new() { Key = key, Value = value }, Cancellation);
            }
        }

        await harness.SetAsync("triage", new BudgetLimits(TokensPerDay: 500), Cancellation);
        var replica = await harness.StartReplicaAsync("replica-a", Cancellation);
        var granted = await replica.ReserveAsync("triage", 400, Cancellation);
        var refused = await replica.ReserveAsync("triage", 400, Cancellation);

        Assert.True(granted.Granted, granted.Reason);
        Assert.False(refused.Granted);
        Assert.StartsWith("tokens per day: 0 used and 400 leased of 500", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reserve_NoLedgerRunning_FailsWithinTheRequestTimeoutNamingTheLedger()
    {
        await using var harness = await BudgetLedgerHarness.CreateAsync(kafka);
        var replica = await harness.StartReplicaAsync("replica-a", Cancellation, requestTimeout: TimeSpan.FromSeconds(2));

        var failure = await Assert.ThrowsAsync<BudgetLedgerUnavailableException>(async () => await replica.ReserveAsync("triage", 100, Cancellation));

        Assert.Contains("did not answer a lease request of agent triage within 2 s", failure.Message, StringComparison.Ordinal);
        Assert.Contains("a ledger processor running", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reserve_CostLimitOfAPricedModel_IsRefusedOnceTheDollarsAreSpent()
    {
        await using var harness = await BudgetLedgerHarness.CreateAsync(kafka);
        await harness.StartLedgerAsync(Cancellation);
        // priced-model: $1,000 per million tokens, $0.001 a token; $1 a day is 1,000 tokens.
        await harness.SetAsync("triage", new BudgetLimits(CostPerDayUsd: 1m), Cancellation);
        var replica = await harness.StartReplicaAsync("replica-a", Cancellation);
        var call = new BudgetReservation("triage", 800, "priced-model");

        var first = await replica.ReserveAsync(call, Cancellation);
        replica.Settle(first, 400, 400, 0.8m);
        var second = await replica.ReserveAsync(call, Cancellation);

        Assert.True(first.Granted, first.Reason);
        Assert.False(second.Granted);
        Assert.StartsWith("cost per day: $0.8 spent", second.Reason, StringComparison.Ordinal);
    }
}
