using Ambient.Governance.Budgets;
using Ambient.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ambient.Governance.Tests.Budgets;

/// <summary><c>AddAmbientBudgets()</c> in a real host: the ledger processor and the replica's leases start with it, configured from <c>Ambient:Budgets</c>.</summary>
[Collection(BudgetLedgerRuns.Name)]
public sealed class BudgetRegistrationTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddAmbientBudgets_HostStarted_ReservesFromItsOwnLedgerWithConfiguredPrices()
    {
        await using var harness = await BudgetLedgerHarness.CreateAsync(kafka);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection([
            .. harness.Topics.ToSettings(),
            new("Ambient:Kafka:BootstrapServers", kafka.BootstrapServers),
            new("Ambient:Budgets:StateDirectory", TestDirectories.Create("budget-host")),
            // Closed before the next ledger test starts one (BudgetLedgerHarness says why).
            new("Ambient:Budgets:CloseTimeout", "00:02:00"),
            new("Ambient:Budgets:Prices:gpt-test:InputPerMillionUsd", "2.5"),
            new("Ambient:Budgets:Prices:gpt-test:OutputPerMillionUsd", "10"),
        ]);
        builder.AddAmbientKafka();
        builder.Services.AddAmbientBudgets().AddAmbientBudgets();
        using var host = builder.Build();
        await host.StartAsync(Cancellation);
        var ledger = host.Services.GetRequiredService<IBudgetLedger>();
        var options = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<BudgetOptions>>().Value;

        var grant = await ledger.ReserveAsync(new BudgetReservation("triage", 1_000, "gpt-test", new BudgetLimits(TokensPerDay: 1_000)), Cancellation);
        var refused = await ledger.ReserveAsync("triage", 1, Cancellation);
        await host.StopAsync(Cancellation);

        Assert.True(grant.Granted, grant.Reason);
        Assert.False(refused.Granted);
        Assert.Equal(0.0125m, options.PriceOf("GPT-test")!.CostOf(1_000, 1_000));
        Assert.Single(host.Services.GetServices<IBudgetLedger>());
    }
}
