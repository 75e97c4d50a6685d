using System.Text.Json;
using Ambient.Governance.Budgets;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Producers;
using Ambient.Kafka.Topics;
using Ambient.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ambient.Cli.Tests;

/// <summary><c>ambient budget set|show</c> through the real CLI, against a ledger processor running on the embedded broker.</summary>
public sealed class BudgetCommandTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SetThenShow_LedgerRunning_AppliesTheLimitsAndShowsWhatWasSpent()
    {
        var directory = TestDirectories.Create("cli-budget");
        await using var broker = await EmbeddedBrokers.StartAsync(directory);
        await TopicsCommandTests.RunAsync(directory, "topics", "init", "--bootstrap", broker.BootstrapServers);
        var kafka = new AmbientKafkaOptions { BootstrapServers = broker.BootstrapServers };
        var options = new BudgetOptions { StateDirectory = Path.Combine(directory, "ledger"), Replica = "worker-0" };
        var ledger = new BudgetLedgerProcessor(new AmbientTopics(), kafka, options, TimeProvider.System, NullLoggerFactory.Instance);
        await ledger.StartAsync(Cancellation);
        await ledger.Running.WaitAsync(Eventually.Limit, Cancellation);

        var (setExit, set) = await TopicsCommandTests.RunAsync(directory, "budget", "set", "--agent", "github-triage", "--tokens-per-day", "10000", "--cost-per-day", "5",
            "--bootstrap", broker.BootstrapServers);
        using var publisher = new KafkaRecordPublisher(Options.Create(kafka), NullLogger<KafkaRecordPublisher>.Instance);
        var replica = new BudgetLeases(new AmbientTopics(), kafka, publisher, options, TimeProvider.System, NullLogger<BudgetLeases>.Instance);
        await replica.StartAsync(Cancellation);
        replica.Settle(await replica.ReserveAsync("github-triage", 50, Cancellation), 30, 10, 0.0125m);
        await Eventually.UntilAsync(() => replica.Budget("github-triage") is { TokensToday: 40 }, Cancellation);
        var (showExit, show) = await TopicsCommandTests.RunAsync(directory, "budget", "show", "--bootstrap", broker.BootstrapServers);
        var (jsonExit, json) = await TopicsCommandTests.RunAsync(directory, "budget", "show", "--agent", "github-triage", "--json", "--bootstrap", broker.BootstrapServers);
        await replica.StopAsync(Cancellation);
        await ledger.StopAsync(Cancellation);
        TestContext.Current.TestOutputHelper?.WriteLine(set + show + json);

        Assert.Equal((0, 0, 0), (setExit, showExit, jsonExit));
        Assert.Contains("budget of github-triage set: 10,000 tokens a day, $5.00 a day", set, StringComparison.Ordinal);
        Assert.Contains("github-triage", show, StringComparison.Ordinal);
        Assert.Contains("40 of 10,000", show, StringComparison.Ordinal);
        Assert.Contains("$0.0125 of $5.00", show, StringComparison.Ordinal);
        var shown = JsonDocument.Parse(json).RootElement.EnumerateArray().Single();
        Assert.Equal("github-triage", shown.GetProperty("agent").GetString());
        Assert.Equal(40, shown.GetProperty("tokensToday").GetInt64());
        Assert.Equal(50, shown.GetProperty("leasedTokens").GetInt64()); // a lease of 1% (100), 50 of it settled
        Assert.Equal(10_000 - 40 - 50, shown.GetProperty("availableTokens").GetInt64());
        Assert.Equal(10_000, shown.GetProperty("limits").GetProperty("tokensPerDay").GetInt64());
    }

    [Fact]
    public async Task Set_NoLedgerRunning_IsWrittenAndSaysWhenItApplies()
    {
        var directory = TestDirectories.Create("cli-budget-noledger");
        await using var broker = await EmbeddedBrokers.StartAsync(directory);
        await TopicsCommandTests.RunAsync(directory, "topics", "init", "--bootstrap", broker.BootstrapServers);

        var (exit, output) = await TopicsCommandTests.RunAsync(directory, "budget", "set", "--agent", "weekly-digest", "--tokens-per-month", "200000",
            "--bootstrap", broker.BootstrapServers, "--timeout-ms", "1000");

        Assert.Equal(0, exit);
        Assert.Contains("budget of weekly-digest written (200,000 tokens a month); no ledger applied it within 1000 ms", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("budget", "set", "--agent", "a")]
    [InlineData("budget", "set", "--agent", "a", "--tokens-per-day", "-5")]
    public async Task Set_WithoutALimitOrNegative_IsRefused(params string[] arguments)
    {
        var (exit, output) = await TopicsCommandTests.RunAsync(TestDirectories.Create("cli-budget-args"), [.. arguments, "--bootstrap", "127.0.0.1:1"]);

        Assert.Equal(2, exit);
        Assert.Contains("give an agent and at least one of --tokens-per-day", output, StringComparison.Ordinal);
    }
}
