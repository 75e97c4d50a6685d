using Ambient.Governance.Approvals;
using Ambient.Governance.State;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Topics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what a host needs to follow the governance topic.</summary>
public static class GovernanceServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="GovernanceState"/> and the <see cref="GovernanceView"/> that keeps it current from
    /// <c>Ambient:Topics:Policy</c>, started with the host, and the approvals (<see cref="AddAmbientApprovals"/>). Calling
    /// it twice registers them once.
    /// </summary>
    public static IServiceCollection AddAmbientGovernance(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(service => service.ServiceType == typeof(GovernanceView)))
        {
            return services;
        }

        services.TryAddSingleton<GovernanceState>();
        services.AddSingleton(provider => new GovernanceView(provider.GetRequiredService<IOptions<AmbientTopics>>().Value.Policy,
            provider.GetRequiredService<IOptions<AmbientKafkaOptions>>().Value, provider.GetRequiredService<GovernanceState>(),
            provider.GetRequiredService<ILogger<GovernanceView>>()));
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<GovernanceView>());
        return services.AddAmbientApprovals();
    }

    /// <summary>
    /// Adds the <see cref="ApprovalBook"/> and the <see cref="ApprovalView"/> that keeps it current from
    /// <c>Ambient:Topics:Approvals</c>, started with the host (the gateway answers Slack buttons with it). Calling it twice
    /// registers them once.
    /// </summary>
    public static IServiceCollection AddAmbientApprovals(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(service => service.ServiceType == typeof(ApprovalView)))
        {
            return services;
        }

        services.TryAddSingleton<ApprovalBook>();
        services.AddSingleton(provider => new ApprovalView(provider.GetRequiredService<IOptions<AmbientTopics>>().Value.Approvals,
            provider.GetRequiredService<IOptions<AmbientKafkaOptions>>().Value, provider.GetRequiredService<ApprovalBook>(),
            provider.GetRequiredService<ILogger<ApprovalView>>()));
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<ApprovalView>());
        return services;
    }
}
