using Ambient.Abstractions.Processing;
using Ambient.Governance.State;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Topics;
using Ambient.Kubernetes;
using Ambient.Operator.Cluster;
using Ambient.Operator.Leadership;
using Ambient.Operator.Reconciling;
using Ambient.Operator.Status;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Ambient.Operator;

/// <summary>The operator as a ready-to-run application, for its own <c>Program</c> and tests.</summary>
public static class OperatorApplication
{
    /// <summary>The operator's service name in telemetry and its host's application name.</summary>
    public const string ApplicationName = "ambient-operator";

    /// <summary>The operator with its probes on <paramref name="urls"/>, with <paramref name="settings"/> over environment variables.</summary>
    /// <exception cref="InvalidOperationException">An operator setting is invalid; the message names the key.</exception>
    public static WebApplication Create(string urls, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = ApplicationName });
        builder.WebHost.UseUrls(urls);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        return Build(builder);
    }

    /// <summary>The operator on <paramref name="builder"/>, which says where its probes listen.</summary>
    /// <exception cref="InvalidOperationException">An operator setting is invalid; the message names the key.</exception>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(OperatorOptions.SectionName).Get<OperatorOptions>() ?? new OperatorOptions();
        if (options.Problems().ToList() is { Count: > 0 } problems)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, problems));
        }

        builder.AddAmbientDefaults();
        builder.AddAmbientKafka();
        builder.Services.AddAmbientAvro(builder.Configuration);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(_ => KubernetesJson.Connect(options.KubernetesUrl, options.ResolveIdentity()));
        services.AddSingleton(provider => new RenderSettings
        {
            Topics = provider.GetRequiredService<IOptions<AmbientTopics>>().Value,
            KafkaCluster = options.KafkaCluster,
            KafkaBootstrap = options.KafkaBootstrap,
            DefaultMaxReplicas = options.DefaultMaxReplicas,
        });
        // The kill switch, read as every worker reads it, and written as `ambient pause` writes it.
        services.AddSingleton<GovernanceState>();
        services.AddSingleton(provider => new GovernanceView(provider.GetRequiredService<IOptions<AmbientTopics>>().Value.Policy,
            provider.GetRequiredService<IOptions<AmbientKafkaOptions>>().Value, provider.GetRequiredService<GovernanceState>(),
            provider.GetRequiredService<ILogger<GovernanceView>>()));
        services.AddHostedService(provider => provider.GetRequiredService<GovernanceView>());
        services.AddSingleton(provider => new GovernanceWriter(provider.GetRequiredService<IRecordPublisher>(), provider.GetRequiredService<IOptions<AmbientTopics>>().Value.Policy));
        services.AddSingleton<SpecPauses>();
        services.AddSingleton<AgentRetirement>();
        services.AddSingleton(provider => new AgentEvents(provider.GetRequiredService<KubernetesJson>(), provider.GetRequiredService<TimeProvider>(),
            options.ResolveIdentity(), provider.GetRequiredService<ILogger<AgentEvents>>()));
        services.AddSingleton<AgentReconciler>();
        services.AddSingleton<AgentActivity>();
        services.AddHostedService(provider => provider.GetRequiredService<AgentActivity>());
        services.AddSingleton<AgentController>();
        services.AddSingleton<OperatorLeadership>();
        services.AddHostedService(provider => provider.GetRequiredService<OperatorLeadership>());
        var app = builder.Build();
        app.MapAmbientHealthEndpoints();
        return app;
    }
}
