using Ambient.A2a;
using Ambient.Abstractions.A2a;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Processing;
using Ambient.Kafka.Topics;
using Ambient.Avro.Serialization;
using Ambient.Kafka.Checkpoints;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Control;
using Ambient.Kafka.Consumers;
using Ambient.Llm;
using Ambient.Runtime.Agents;
using Ambient.Runtime.Checkpoints;
using Ambient.Runtime.Delegation;
using Ambient.Runtime.Health;
using Ambient.Runtime.Limits;
using Ambient.Runtime.Redaction;
using Ambient.Runtime.Runs;
using Ambient.Worker;
using Ambient.Worker.Checkpoints;
using Ambient.Kafka.Health;
using Ambient.Runtime.ToolCalls;
using Ambient.Worker.Governance;
using Ambient.Worker.Redaction;
using Ambient.Governance.Approvals;
using Ambient.Governance.Budgets;
using Ambient.Worker.Health;
using Ambient.Worker.Inventory;
using Ambient.Governance.State;
using Ambient.Runtime.Tools;
using Ambient.Hosting.Health;
using Ambient.Worker.Schedules;
using Ambient.Worker.Tools;
using Ambient.Worker.Topics;
using Ambient.Kafka.Reading;
using Ambient.Runtime.Schedules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Composes the agent worker: Kafka transport, the agent catalog, and one consumer per agent.</summary>
public static class AmbientWorkerServiceCollectionExtensions
{
    /// <summary>
    /// Loads the agents from <c>Ambient:Worker:AgentsDirectory</c> now, so an invalid agent file stops the
    /// process before anything starts, and registers one <see cref="EventConsumerService"/> per agent
    /// (consumer group <c>ambient-agent-&lt;name&gt;</c>).
    /// </summary>
    /// <exception cref="AgentDefinitionException">An agent file is invalid, or a selected agent does not exist.</exception>
    public static IHostApplicationBuilder AddAmbientWorker(this IHostApplicationBuilder builder, Action<AmbientWorkerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddAmbientKafka();
        // Actions, audit and checkpoints are Avro: single-object encoding, or Confluent with Ambient:SchemaRegistry:Url.
        builder.Services.AddAmbientAvro(builder.Configuration);
        var options = builder.Configuration.GetSection(AmbientWorkerOptions.SectionName).Get<AmbientWorkerOptions>() ?? new AmbientWorkerOptions();
        configure?.Invoke(options);
        var topics = builder.Configuration.GetSection(AmbientTopics.SectionName).Get<AmbientTopics>() ?? new AmbientTopics();
        // Tools are checked once the host's tools are registered (see AgentToolboxFactory); everything else now.
        var catalog = AgentCatalog.Load(options.AgentsDirectory, topics.ForRuns(), knownTools: null);
        var agents = SelectAgents(catalog, options);
        var checkpointOptions = builder.Configuration.GetSection(CheckpointOptions.SectionName).Get<CheckpointOptions>() ?? new CheckpointOptions();
        checkpointOptions.Validate();

        // Built now: a pattern that does not compile stops the start, naming its key.
        var masker = SecretMasking.From(builder.Configuration, agents);

        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(masker);

        // Hosted services start in this order: the health endpoint (live while the rest starts), then the topic check,
        // which stops the start before anything consumes or writes when the topics cannot hold the worker's runs.
        var health = builder.Configuration.GetSection(WorkerHealthOptions.SectionName).Get<WorkerHealthOptions>() ?? new WorkerHealthOptions();
        if (health.ModelTrialInterval < TimeSpan.FromMilliseconds(100))
        {
            // A held agent's model is tried this often: zero would call a failing endpoint in a loop.
            throw new InvalidOperationException($"{WorkerHealthOptions.SectionName}:ModelTrialInterval must be at least 100 ms, got {health.ModelTrialInterval}.");
        }

        if (health.Port > 0)
        {
            services.AddAmbientHealthServer(health.Port, $"{WorkerHealthOptions.SectionName}:Port").AddHealthChecks()
                .AddCheck<ConsumerAssignmentHealthCheck>(ConsumerAssignmentHealthCheck.Name, tags: [AmbientHealth.ReadyTag])
                .AddCheck<KafkaProducerHealthCheck>(KafkaProducerHealthCheck.Name, tags: [AmbientHealth.ReadyTag])
                .AddCheck<AgentProbeHealthCheck>(AgentProbeHealthCheck.Name, tags: [AmbientHealth.ReadyTag]);
        }

        if (options.CheckTopics)
        {
            services.AddHostedService(provider => CreateTopicCheck(provider, catalog, agents, options, checkpointOptions));
        }

        services.TryAddSingleton(catalog);
        // Budgets: the ledger every replica leases from (each runs its share of the ledger's processor, unless
        // Ambient:Budgets:RunLedger is false); with Ambient:Budgets:Shared=false counted in this process alone (N replicas,
        // N budgets). Either way a spent budget defers runs, never drops them.
        if (builder.Configuration.GetValue<bool?>($"{BudgetOptions.SectionName}:Shared") ?? true)
        {
            services.AddAmbientBudgets();
            services.TryAddSingleton<IRunBudget, LedgerRunBudget>();
        }
        else
        {
            services.TryAddSingleton<IRunBudget>(provider => new TokenBudget(provider.GetRequiredService<TimeProvider>()));
        }
        services.TryAddSingleton(provider => new ChatModelFactory(loggerFactory: provider.GetService<ILoggerFactory>()));
        // Every tool registered with AddAmbientTool, before or after this call; an agent naming a tool nothing provides
        // stops the start when its runner is built (AgentToolboxFactory), before anything is consumed.
        services.AddAmbientAgentTools(builder.Configuration);
        // The policies in force (ambient.policy, followed live) judge every tool call after the allow-list.
        services.AddAmbientGovernance();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolCallFilter, PolicyToolCallFilter>());
        // Red calls ask a human on the approvals topic; answered or expired, their runs are driven again by their partition's worker.
        services.TryAddSingleton(provider => new ApprovalWriter(provider.GetRequiredService<IRecordPublisher>(), provider.GetRequiredService<IOptions<AmbientTopics>>().Value.Approvals));
        services.TryAddSingleton<ApprovalGate>();
        services.AddHostedService(provider => new ApprovalResumer([.. agents.Select(agent => provider.GetRequiredKeyedService<AgentRunner>(agent.Name))],
            provider.GetRequiredService<ApprovalView>(), provider.GetRequiredService<ApprovalWriter>(), provider.GetRequiredService<EventReader>(),
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<ApprovalResumer>>()));
        // The kill switch: pauses on the same topic hold an agent's runs at their next step and its consumer's fetches;
        // so does a failed semantic probe (healthProbe in the agent file), until the model answers well again.
        services.TryAddSingleton<AgentHealth>();
        services.TryAddSingleton<IRunGate, GovernanceRunGate>();
        // ...and so does an agent with onFallback: pause whose own model is out, until a trial call answers.
        if (agents.Any(agent => agent.HealthProbe is not null || agent.Model.OnFallback == ModelSpec.FallbackPause))
        {
            services.AddHostedService(provider => new SemanticProbeService([.. agents.Select(agent => provider.GetRequiredKeyedService<AgentRunner>(agent.Name))],
                provider.GetRequiredService<AgentHealth>(), provider.GetRequiredService<IRecordPublisher>(), provider.GetRequiredService<RecordFactory>(),
                provider.GetRequiredService<IOptions<AmbientTopics>>().Value.ForRuns(), health.ModelTrialInterval, provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<SemanticProbeService>>()));
        }
        services.AddOptions<EventConsumerOptions>().BindConfiguration(EventConsumerOptions.SectionName);
        services.AddOptions<WeeklyDigestOptions>().BindConfiguration(WeeklyDigestOptions.SectionName);
        services.TryAddSingleton<TopicWindowReader>();
        services.TryAddSingleton(checkpointOptions);
        services.TryAddSingleton<ICheckpointLog, KafkaCheckpointLog>();
        services.TryAddSingleton<RecordFactory>();
        services.TryAddSingleton<WeeklyDigestPublisher>();
        services.AddHostedService<WeeklyDigestScheduler>();
        services.TryAddSingleton<EventReader>();
        services.AddAmbientAvro(builder.Configuration);
        if (options.A2a)
        {
            var reachable = catalog.Agents.Select(a => a.Name).Concat(options.ReachableAgents).ToHashSet(StringComparer.Ordinal);
            services.TryAddSingleton<IA2aChannel>(provider => new KafkaA2aChannel(provider.GetRequiredService<IRecordPublisher>(),
                provider.GetRequiredService<IOptions<AmbientTopics>>().Value, reachable, provider.GetRequiredService<AvroRecordCodec<A2aMessage>>(),
                provider.GetRequiredService<AvroRecordCodec<A2aTaskStatusUpdate>>(), provider.GetRequiredService<AvroRecordCodec<A2aArtifactUpdate>>(),
                provider.GetRequiredService<AvroRecordCodec<A2aTask>>()));
            services.AddHostedService(provider => new AgentCards(CardSource(agents, provider),
                provider.GetRequiredService<IRecordPublisher>(), provider.GetRequiredService<IOptions<AmbientTopics>>().Value,
                provider.GetRequiredService<AvroRecordCodec<A2aAgentCard>>(), provider.GetRequiredService<ILogger<AgentCards>>()));
        }

        foreach (var agent in agents)
        {
            services.AddKeyedSingleton(agent.Name, (provider, _) => CreateRunner(provider, agent));
            services.AddSingleton<IHostedService>(provider => CreateConsumer(provider, provider.GetRequiredKeyedService<AgentRunner>(agent.Name)));
            services.AddSingleton<IHostedService>(provider => CreateControlConsumer(provider, provider.GetRequiredKeyedService<AgentRunner>(agent.Name)));
            if (options.A2a)
            {
                services.AddSingleton<IHostedService>(provider => CreateReplyConsumer(provider, provider.GetRequiredKeyedService<AgentRunner>(agent.Name)));
            }

            services.AddSingleton<IHostedService>(provider => new CheckpointSweeper(provider.GetRequiredKeyedService<AgentRunner>(agent.Name).Checkpoints,
                agent.Name, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<CheckpointSweeper>>()));
        }

        return builder;
    }

    private static List<AgentDefinition> SelectAgents(AgentCatalog catalog, AmbientWorkerOptions options)
    {
        if (options.Agents.Count == 0)
        {
            return [.. catalog.Agents];
        }

        var missing = options.Agents.Where(name => catalog.Agents.All(a => a.Name != name)).ToList();
        return missing.Count == 0
            ? [.. catalog.Agents.Where(a => options.Agents.Contains(a.Name))]
            : throw new AgentDefinitionException(
                $"{AmbientWorkerOptions.SectionName}:Agents names {string.Join(", ", missing)}, which {options.AgentsDirectory} does not define (it has: {string.Join(", ", catalog.Agents.Select(a => a.Name))}).");
    }

    private static TopicLayoutCheck CreateTopicCheck(IServiceProvider provider, AgentCatalog catalog, List<AgentDefinition> agents, AmbientWorkerOptions options,
        CheckpointOptions checkpoints)
    {
        var topics = provider.GetRequiredService<IOptions<AmbientTopics>>().Value;
        var layout = new TopicLayout { Agents = [.. catalog.Agents.Select(a => a.Name)] };
        var inputs = agents.SelectMany(a => a.Subscriptions.Select(s => s.Topic).Concat(options.A2a ? [topics.A2aInbox(a.Name)] : []));
        var requirements = TopicRequirements.Worker(topics, layout, inputs, checkpoints.Enabled, options.A2a);
        var kafka = provider.GetRequiredService<IOptions<AmbientKafkaOptions>>().Value;
        return new TopicLayoutCheck(provider.GetRequiredService<TopicLayoutValidator>(), requirements, "worker",
            $"ambient topics init --repair --bootstrap {kafka.BootstrapServers} --agents {options.AgentsDirectory}", provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<TopicLayoutCheck>>());
    }

    private static AgentRunner CreateRunner(IServiceProvider provider, AgentDefinition agent) => AgentRunner.Create(
        agent,
        provider.GetRequiredService<ChatModelFactory>().Create(agent.Model, agent.OfflineRules),
        provider.GetRequiredService<AgentToolboxFactory>().Create(agent),
        provider.GetRequiredService<IRecordPublisher>(),
        provider.GetRequiredService<RecordFactory>(),
        provider.GetRequiredService<IOptions<AmbientTopics>>().Value.ForRuns(),
        provider.GetRequiredService<IRunBudget>(),
        provider.GetRequiredService<ICheckpointLog>(),
        provider.GetRequiredService<CheckpointOptions>(),
        provider.GetRequiredService<TimeProvider>(),
        provider.GetRequiredService<ILoggerFactory>(),
        provider.GetService<IA2aChannel>(),
        provider.GetService<IRunGate>(),
        provider.GetRequiredService<SecretMasker>());

    // Each card carries its agent's inventory, whose zones follow the policies in force on the governance topic.
    private static InventoryCardSource CardSource(IReadOnlyList<AgentDefinition> agents, IServiceProvider provider) => new(agents,
        provider.GetRequiredService<GovernanceView>(), provider.GetRequiredService<ToolRegistry>(),
        provider.GetRequiredService<IOptions<AmbientKafkaOptions>>().Value.BootstrapServers, provider.GetRequiredService<IOptions<AmbientTopics>>().Value);

    private static ReplyConsumerService CreateReplyConsumer(IServiceProvider provider, AgentRunner runner)
    {
        var events = provider.GetRequiredService<EventReader>();
        var replies = new DelegationReplies(new RunnerDelegationWaits(runner, (at, token) => events.ReadAsync(at, runner, token)),
            provider.GetRequiredService<AvroRecordCodec<A2aTaskStatusUpdate>>(), provider.GetRequiredService<AvroRecordCodec<A2aMessage>>(),
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<DelegationReplies>>());
        return new ReplyConsumerService(runner.Name, replies.AssignedAsync, replies.HandleAsync, replies.TickAsync,
            provider.GetRequiredService<IOptions<AmbientKafkaOptions>>().Value, provider.GetRequiredService<IOptions<AmbientTopics>>().Value,
            provider.GetRequiredService<ILogger<ReplyConsumerService>>());
    }

    private static EventConsumerService CreateConsumer(IServiceProvider provider, AgentRunner runner) =>
        new(runner, provider.GetRequiredService<IRecordPublisher>(), provider.GetRequiredService<IOptions<AmbientKafkaOptions>>().Value,
            provider.GetRequiredService<IOptions<AmbientTopics>>().Value, provider.GetRequiredService<IOptions<EventConsumerOptions>>().Value,
            provider.GetRequiredService<IHostApplicationLifetime>(), provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<EventConsumerService>>());

    private static ControlConsumerService CreateControlConsumer(IServiceProvider provider, AgentRunner runner)
    {
        var events = provider.GetRequiredService<EventReader>();
        return new ControlConsumerService(runner.Name, (command, token) => runner.RollbackAsync(command, (at, t) => events.ReadAsync(at, runner, t), token),
            provider.GetRequiredService<IOptions<AmbientKafkaOptions>>().Value, provider.GetRequiredService<IOptions<AmbientTopics>>().Value,
            provider.GetRequiredService<ILogger<ControlConsumerService>>());
    }
}
