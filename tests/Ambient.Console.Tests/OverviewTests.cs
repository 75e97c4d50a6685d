using Ambient.Abstractions.Checkpoints;
using Ambient.Governance.Budgets;
using Ambient.Supervisor.Runs;
using Ambient.Testing;
using Ambient.Testing.Workers;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;

namespace Ambient.Supervisor.Tests;

/// <summary>
/// The overview over real HTTP with a real worker: the agent's row counts its runs, shows today's tokens and cost against
/// the budget the ledger wrote, and its consumer group's lag with KEDA's replica estimate (none while it keeps up, one
/// with an event held back by the kill switch), sampled into the chart.
/// </summary>
public sealed class OverviewTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Overview_ShowsAnAgentsRunsBudgetAndLagWithTheReplicaEstimate()
    {
        await using var console = await ConsoleHarness.StartAsync(kafka, ("Ambient:Console:LagInterval", "00:00:01"));
        await using var worker = await TriageWorker.StartAsync(kafka, console.Topics);
        var board = console.App.Services.GetRequiredService<RunBoard>();
        using var viewer = console.Script(ConsoleHarness.ReadOnlyToken);
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        // As the budget ledger writes it (ambient budget reads the same record).
        var budget = AgentBudget.New("github-triage", today) with { Limits = new BudgetLimits(TokensPerDay: 800_000, CostPerDayUsd: 5m), TokensToday = 1_234, CostTodayUsd = 0.25m };
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build())
        {
            await producer.ProduceAsync(console.Topics.Budget, new Message<string, byte[]> { Key = "github-triage", Value = BudgetJson.Encode(new BudgetLedgerRecord(budget, null)) }, Cancellation);
        }

        await TriageWorker.PublishIssueAsync(kafka, console.Topics, Cancellation);
        await Eventually.UntilAsync(() => board.Runs("github-triage").Any(r => r.Status == CheckpointStatus.Succeeded), Cancellation);
        var page = string.Empty;
        await Eventually.UntilAsync(async () =>
        {
            page = await viewer.GetStringAsync("/", Cancellation);
            return Row(page) is var row && row.Contains("of 800,000", StringComparison.Ordinal) && !row.Contains("unknown", StringComparison.Ordinal);
        }, Cancellation);
        var row = Row(page);
        // Held by the kill switch, the worker leaves the next issue on the topic: one event of lag, one replica asked for.
        using var governance = new TestGovernance(kafka.BootstrapServers, console.Topics.Policy);
        await governance.PauseAllAsync();
        await Eventually.UntilAsync(() => worker.Host.Services.GetRequiredService<Runtime.Runs.IRunGate>().IsClosed("github-triage"), Cancellation);
        await TriageWorker.PublishIssueAsync(kafka, console.Topics, Cancellation);
        await Eventually.UntilAsync(async () => Row(await viewer.GetStringAsync("/", Cancellation)).EndsWith("<td>1</td><td>1</td>", StringComparison.Ordinal), Cancellation);
        var held = Row(await viewer.GetStringAsync("/", Cancellation));

        // Agent, state, events/min (1 run in 5 min), in flight, parked, failed, tokens, cost, lag (the group consumed all), replicas (none needed).
        Assert.Equal("<th scope=\"row\"><a href=\"/runs?agent=github-triage\">github-triage</a></th><td>running</td><td>0.2</td><td>0</td><td>0</td><td>0</td>" +
            "<td>1,234 of 800,000</td><td>$0.25 of $5.00</td><td>0</td><td>0</td>", row);
        Assert.StartsWith("<th scope=\"row\"><a href=\"/runs?agent=github-triage\">github-triage</a></th><td>paused</td>", held, StringComparison.Ordinal);
        Assert.Contains("<svg id=\"lag-chart\"", page, StringComparison.Ordinal);
        Assert.Contains("<polyline fill=\"none\"", page, StringComparison.Ordinal);
    }

    private static string Row(string page)
    {
        var start = page.IndexOf("<tr data-agent=\"github-triage\">", StringComparison.Ordinal);
        return start < 0 ? string.Empty : page[(start + "<tr data-agent=\"github-triage\">".Length)..page.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }
}
