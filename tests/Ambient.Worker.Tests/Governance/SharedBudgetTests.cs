using Ambient.Abstractions.Checkpoints;
using Ambient.Governance.Budgets;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Producers;
using Ambient.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ambient.Worker.Tests.Governance;

/// <summary>
/// One agent's budget shared by two worker processes through the ledger (the default): a flood spends
/// at most the day's budget and one lease per replica; the runs that found it spent wait (deferred, their events
/// uncommitted) and each runs once after <c>ambient budget set</c> raises it.
/// </summary>
public sealed class SharedBudgetTests(KafkaFixture kafka)
{
    private const int Events = 12;

    // Room for a few of the flood's runs (a github-triage run on the sample issue is two model calls of a few thousand tokens).
    private const long PerDay = 10_000;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Flood_TwoWorkerProcessesOnOneBudget_OverspendAtMostALeaseEachThenBudgetSetRunsEveryDeferredRunOnce()
    {
        var payload = TestEvents.IssueOpenedPayload();
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        var agent = harness.AgentName("github-triage");
        var options = new AmbientKafkaOptions { BootstrapServers = kafka.BootstrapServers };
        using var publisher = new KafkaRecordPublisher(Options.Create(options), NullLogger<KafkaRecordPublisher>.Instance);
        var budgets = new BudgetWriter(publisher, harness.Topics.BudgetRequests);
        await budgets.SetAsync(agent, new BudgetLimits(TokensPerDay: PerDay), "tester", Cancellation);
        // As shipped: worker processes share the ledger by default.
        using var first = WorkerProcess.Start(harness);
        using var second = WorkerProcess.Start(harness);

        var events = Enumerable.Range(1, Events)
            .Select(n => TestEvents.IssueOpened(payload.Replace("\"number\": 1,", $"\"number\": {n},", StringComparison.Ordinal)))
            .ToArray();
        foreach (var (issue, n) in events.Select((e, n) => (e, n)))
        {
            // One key per issue: the flood spreads over the partitions, so both workers take part.
            await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, $"github:Codertocat/Hello-World#{n + 1}", issue);
        }

        // Spent, as a state: the ledger holds no lease and has less left than the smallest call reserves, so nothing more
        // can be spent. A call reserves its input (estimated as the offline model counts it) plus maxTokensPerCall.
        (AgentBudget? Budget, long Smallest) last = default;
        (AgentBudget? Budget, long Smallest) spent;
        try
        {
            spent = await Eventually.ReadAsync(() => last = (Budget(options, harness, agent), SmallestCallReservation(harness)),
                read => read.Budget is { OutstandingTokens: 0, TokensToday: > 0 } budget && budget.AvailableTokens < read.Smallest, Cancellation);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"The budget never read as spent: {last.Budget} (outstanding {last.Budget?.OutstandingTokens}, available {last.Budget?.AvailableTokens}); "
                + $"smallest call {last.Smallest}; audited {TopicReader.CountAfterQuiet(kafka, harness.Topics.Audit)}.\nFirst worker:\n{first.Output}\nSecond worker:\n{second.Output}");
            throw;
        }
        var auditedWhileSpent = TopicReader.CountAfterQuiet(kafka, harness.Topics.Audit);
        var spentByCalls = ModelTokens(harness);

        await budgets.SetAsync(agent, new BudgetLimits(TokensPerDay: 10_000_000), "tester", Cancellation);
        var audits = (await TopicReader.ReadAsync(kafka, harness.Topics.Audit, Events, Cancellation)).Select(a => AmbientRecordReader.Audit(a.Message.Value)).ToList();
        // Where the flood landed, not which runs had started when the budget ran out (that is timing): with more than one
        // partition, both workers of the group had events to run.
        var workersInTheFlood = (await TopicReader.ReadAsync(kafka, harness.Topics.GitHubEvents, Events, Cancellation)).Select(r => r.Partition.Value).Distinct().Count();
        await Task.WhenAll(first.StopAsync(), second.StopAsync());

        // What the model calls used is what the ledger counted, and within the day's budget: every call reserved its
        // input and its reply's limit, so none used more than it reserved (the issue allows one lease per replica over).
        Assert.Equal(spentByCalls, spent.Budget!.TokensToday);
        Assert.True(spent.Budget.TokensToday <= PerDay, $"spent {spent.Budget.TokensToday} of {PerDay} (the largest call used {LargestCall(harness)})");
        Assert.InRange(auditedWhileSpent, 0, Events - 1); // runs in flight when it was spent wait too, mid-run
        Assert.True(workersInTheFlood > 1, "the flood's events should have been on more than one partition");
        Assert.Equal(Events, TopicReader.CountAfterQuiet(kafka, harness.Topics.Audit));
        Assert.Equal(events.Select(e => e.Id).Order(StringComparer.Ordinal), audits.Select(a => a.EventId).Order(StringComparer.Ordinal));
        Assert.All(audits, a => Assert.Equal("completed", a.Outcome));
    }

    private static AgentBudget? Budget(AmbientKafkaOptions options, WorkerHarness harness, string agent) =>
        BudgetReader.ReadAsync(options, harness.Topics.Budget, Cancellation).GetAwaiter().GetResult().GetValueOrDefault(agent);

    // Every model call's tokens, once per reason step (a step is written once; read by its key to be sure).
    private long ModelTokens(WorkerHarness harness) => CheckpointReader.ReadAll(kafka, harness.Topics.Checkpoints)
        .Where(r => r.Step is { StepName: StepNames.Reason })
        .DistinctBy(r => r.Key)
        .Sum(r => r.Step!.Exchanges.Sum(e => e.InputTokens + e.OutputTokens));

    // The most one call used, and the least one call reserves: its input plus the agent's maxTokensPerCall (1,024).
    private long LargestCall(WorkerHarness harness) => CheckpointReader.ReadAll(kafka, harness.Topics.Checkpoints)
        .Where(r => r.Step is { StepName: StepNames.Reason })
        .SelectMany(r => r.Step!.Exchanges)
        .Max(e => e.InputTokens + e.OutputTokens);

    private long SmallestCallReservation(WorkerHarness harness) => CallInputs(harness).DefaultIfEmpty(long.MaxValue - 1_024).Min() + 1_024;

    private IEnumerable<long> CallInputs(WorkerHarness harness) => CheckpointReader.ReadAll(kafka, harness.Topics.Checkpoints)
        .Where(r => r.Step is { StepName: StepNames.Reason })
        .SelectMany(r => r.Step!.Exchanges)
        .Select(e => e.InputTokens);
}
