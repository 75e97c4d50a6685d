using Ambient.Abstractions.Processing;
using Ambient.Governance.Budgets;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Topics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the shared budget ledger: this replica's leases and its share of the ledger processor.</summary>
public static class BudgetServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IBudgetLedger"/> (<see cref="BudgetLeases"/>, following the budget topic from the host's start)
    /// and, unless <c>Ambient:Budgets:RunLedger</c> is false, the <see cref="BudgetLedgerProcessor"/>, configured from
    /// <c>Ambient:Budgets</c> and the topics of <c>Ambient:Topics</c>. Needs the Kafka layer (<c>AddAmbientKafka</c>).
    /// Calling it twice registers them once.
    /// </summary>
    public static IServiceCollection AddAmbientBudgets(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(service => service.ServiceType == typeof(BudgetLeases)))
        {
            return services;
        }

        services.AddOptions<BudgetOptions>().BindConfiguration(BudgetOptions.SectionName)
            .Validate(o => o.LeaseLifetime > TimeSpan.Zero, $"{BudgetOptions.SectionName}:LeaseLifetime must be positive.")
            .Validate(o => o.RequestTimeout > TimeSpan.Zero, $"{BudgetOptions.SectionName}:RequestTimeout must be positive.")
            .Validate(o => o.TickInterval > TimeSpan.Zero, $"{BudgetOptions.SectionName}:TickInterval must be positive.")
            .Validate(o => o.CloseTimeout > TimeSpan.Zero, $"{BudgetOptions.SectionName}:CloseTimeout must be positive.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Replica), $"{BudgetOptions.SectionName}:Replica is required.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => new BudgetLeases(Topics(provider), Kafka(provider), provider.GetRequiredService<IRecordPublisher>(),
            Options(provider), provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<BudgetLeases>>()));
        services.AddSingleton<IBudgetLedger>(provider => provider.GetRequiredService<BudgetLeases>());
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<BudgetLeases>());
        services.AddSingleton(provider => new BudgetLedgerProcessor(Topics(provider), Kafka(provider), Options(provider),
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILoggerFactory>()));
        // Resolved lazily: a host that does not run the ledger never builds one.
        services.AddSingleton<IHostedService>(provider => Options(provider).RunLedger
            ? provider.GetRequiredService<BudgetLedgerProcessor>()
            : new NothingToRun());
        return services;
    }

    private static AmbientTopics Topics(IServiceProvider provider) => provider.GetRequiredService<IOptions<AmbientTopics>>().Value;

    private static AmbientKafkaOptions Kafka(IServiceProvider provider) => provider.GetRequiredService<IOptions<AmbientKafkaOptions>>().Value;

    private static BudgetOptions Options(IServiceProvider provider) => provider.GetRequiredService<IOptions<BudgetOptions>>().Value;

    private sealed class NothingToRun : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
