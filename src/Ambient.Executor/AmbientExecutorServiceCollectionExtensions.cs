using Ambient.Abstractions.Actions;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Processing;
using Ambient.Avro.Serialization;
using Ambient.Executor.Approvals;
using Ambient.Executor.Execution;
using Ambient.Executor.Ledger;
using Ambient.Executor.Targets;
using Ambient.Executor.Targets.Slack;
using Ambient.Governance.Approvals;
using Ambient.Governance.Drift;
using Ambient.Governance.State;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Consumers;
using Ambient.Kafka.Health;
using Ambient.Hosting.Health;
using Ambient.Kafka.Topics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ambient.Executor;

/// <summary>Registers the executor: the GitHub, Slack, Kubernetes, notify and MCP targets, the ledger, and the consumer of the actions topic.</summary>
public static class AmbientExecutorServiceCollectionExtensions
{
    /// <summary>
    /// Adds the executor to <paramref name="builder"/>: it consumes <c>Ambient:Topics:Actions</c> as group
    /// <c>ambient-executor</c> and applies each action on its target, in the target's <c>Ambient:Executors:&lt;Target&gt;:Mode</c>
    /// (<c>dry-run</c> unless told <c>apply</c>), serving <c>/healthz</c> and <c>/readyz</c> on <c>Ambient:Executors:Health:Port</c> when set. Targets registered as <see cref="IActionTarget"/> before or after this call are used too.
    /// </summary>
    /// <exception cref="InvalidOperationException">An executor setting is invalid; the message names the key.</exception>
    public static IHostApplicationBuilder AddAmbientExecutor(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddAmbientKafka();
        builder.Services.AddAmbientAvro(builder.Configuration);
        var options = builder.Configuration.GetSection(ExecutorOptions.SectionName).Get<ExecutorOptions>() ?? new ExecutorOptions();
        if (options.Problems().ToList() is { Count: > 0 } problems)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, problems));
        }

        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        // First, so probes are answered ("not ready: host: starting") while the rest starts, as the worker's.
        var health = builder.Configuration.GetSection(ExecutorHealthOptions.SectionName).Get<ExecutorHealthOptions>() ?? new ExecutorHealthOptions();
        if (health.Port > 0)
        {
            // Ready once its consumer holds an assignment and Kafka answers its producer, as the worker's readiness.
            services.AddAmbientHealthServer(health.Port, $"{ExecutorHealthOptions.SectionName}:Port").AddHealthChecks()
                .AddCheck<ConsumerAssignmentHealthCheck>(ConsumerAssignmentHealthCheck.Name, tags: [AmbientHealth.ReadyTag])
                .AddCheck<KafkaProducerHealthCheck>(KafkaProducerHealthCheck.Name, tags: [AmbientHealth.ReadyTag]);
        }

        // Then the topics, before anything consumes: a missing ledger or one not co-partitioned with the actions stops the start.
        services.AddHostedService(provider => new TopicLayoutCheck(provider.GetRequiredService<TopicLayoutValidator>(),
            TopicRequirements.Executor(Topics(provider), new TopicLayout()), "executor",
            $"ambient topics init --repair --bootstrap {provider.GetRequiredService<IOptions<AmbientKafkaOptions>>().Value.BootstrapServers}",
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<TopicLayoutCheck>>()));
        services.AddAmbientGitHubTarget(builder.Configuration);
        services.AddAmbientSlackTarget(builder.Configuration);
        services.AddAmbientKubernetesTarget(builder.Configuration);
        services.AddAmbientNotifyTarget(builder.Configuration);
        services.AddAmbientMcpTargets(builder.Configuration);
        // The policies in force (ambient.policy, followed live) judge each action again before it is applied.
        services.AddAmbientGovernance();
        services.AddOptions<EventConsumerOptions>().BindConfiguration(EventConsumerOptions.SectionName);
        services.TryAddSingleton(provider => new ActionLedger(provider.GetRequiredService<IRecordPublisher>(),
            provider.GetRequiredService<IOptions<AmbientKafkaOptions>>().Value, Topics(provider).ActionResults));
        services.TryAddSingleton(provider => new OutcomePublisher(provider.GetRequiredService<IRecordPublisher>(), Topics(provider).ActionEvents,
            Topics(provider).Audit, provider.GetRequiredService<AvroRecordCodec<AuditRecord>>(), provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(provider => new ActionExecutor(
            provider.GetServices<IActionTarget>().Select(target => (target, TargetPolicy.Read(builder.Configuration, target.Name))),
            Topics(provider).Actions, provider.GetRequiredService<AvroRecordCodec<ActionRecord>>(), provider.GetRequiredService<ActionLedger>(),
            provider.GetRequiredService<OutcomePublisher>(), provider.GetRequiredService<GovernanceView>(),
            provider.GetRequiredService<ApprovalView>(), options, provider.GetRequiredService<TimeProvider>()));
        services.AddHostedService(provider => new EventConsumerService(provider.GetRequiredService<ActionExecutor>(), provider.GetRequiredService<IRecordPublisher>(),
            provider.GetRequiredService<IOptions<AmbientKafkaOptions>>().Value, Topics(provider), provider.GetRequiredService<IOptions<EventConsumerOptions>>().Value,
            provider.GetRequiredService<IHostApplicationLifetime>(), provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<EventConsumerService>>()));
        AddSlackApprovalNotices(builder);
        AddDriftSummaries(builder);
        return builder;
    }

    // The executor sees every agent's actions and writes their audit already: it summarises each finished day of the audit
    // (docs/agent-health.md#drift). Replicas each write the same records.
    private static void AddDriftSummaries(IHostApplicationBuilder builder)
    {
        var drift = builder.Configuration.GetSection(DriftSummaryOptions.SectionName).Get<DriftSummaryOptions>() ?? new DriftSummaryOptions();
        if (!drift.Summaries)
        {
            return;
        }

        builder.Services.TryAddSingleton(provider => new DriftHistory(provider.GetRequiredService<IOptions<AmbientKafkaOptions>>().Value, Topics(provider).Audit,
            Topics(provider).AgentDrift, provider.GetRequiredService<AvroRecordCodec<AuditRecord>>()));
        builder.Services.AddHostedService(provider => new DriftSummaryService(provider.GetRequiredService<DriftHistory>(), provider.GetRequiredService<IRecordPublisher>(),
            Topics(provider).AgentDrift, drift, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<DriftSummaryService>>()));
    }

    // Approval requests go to Slack with their buttons only where Slack actions are applied, not in a dry-run.
    private static void AddSlackApprovalNotices(IHostApplicationBuilder builder)
    {
        var channel = builder.Configuration.GetSection(SlackTargetOptions.SectionName).Get<SlackTargetOptions>()?.ApprovalsChannel;
        if (string.IsNullOrWhiteSpace(channel) || !TargetPolicy.Read(builder.Configuration, ActionTargets.Slack).Apply)
        {
            return;
        }

        // AddSingleton, not AddHostedService: the latter keeps one service per type, and the actions' consumer is one already.
        builder.Services.AddSingleton<IHostedService>(provider => new EventConsumerService(
            new SlackApprovalNotices(provider.GetRequiredService<SlackWebApi>(), provider.GetRequiredService<SlackMessageFinder>(), provider.GetRequiredService<ApprovalView>(),
                channel, Topics(provider).Approvals, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<SlackApprovalNotices>>()),
            provider.GetRequiredService<IRecordPublisher>(), provider.GetRequiredService<IOptions<AmbientKafkaOptions>>().Value, Topics(provider),
            provider.GetRequiredService<IOptions<EventConsumerOptions>>().Value, provider.GetRequiredService<IHostApplicationLifetime>(),
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<EventConsumerService>>()));
    }

    private static AmbientTopics Topics(IServiceProvider provider) => provider.GetRequiredService<IOptions<AmbientTopics>>().Value;
}
