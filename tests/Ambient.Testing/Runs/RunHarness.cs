using System.Text;
using System.Text.Json;
using Ambient.Abstractions.Actions;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Processing;
using Ambient.Abstractions.Runs;
using Ambient.Abstractions.Serialization;
using Ambient.Abstractions.Tools;
using Ambient.Kafka.Topics;
using Ambient.Runtime.Agents;
using Ambient.Runtime.Checkpoints;
using Ambient.Runtime.Limits;
using Ambient.Runtime.Replays;
using Ambient.Runtime.Runs;
using Ambient.Runtime.ToolCalls;
using Ambient.Runtime.Tools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Ambient.Worker.Topics;

namespace Ambient.Testing.Runs;

/// <summary>
/// An <see cref="AgentRunner"/> for one agent file, as the worker builds it, over test doubles only: an in-memory
/// checkpoint log and publisher, a scripted model, a fake clock, the test's own tools and filters. No Kafka, no network.
/// <see cref="Restart"/> builds a new runner over the same log (a worker restarted, or another one taking the partition).
/// </summary>
public sealed class RunHarness
{
    private readonly ToolRegistry _registry;
    private readonly ToolCallPipeline _pipeline;
    private readonly ToolOptions _toolOptions;
    private readonly ILoggerFactory _loggers;

    /// <summary>A harness for the agent <paramref name="agentYaml"/> describes (see <see cref="AgentYaml"/>).</summary>
    /// <param name="agentYaml">The agent file.</param>
    /// <param name="tools">Tools besides the runtime's own, as a host registers them.</param>
    /// <param name="filters">Tool-call filters after the allow-list, in order.</param>
    /// <param name="toolOptions">Result bounds; the defaults by default.</param>
    /// <param name="loggers">Where the runtime logs; nowhere by default.</param>
    public RunHarness(string agentYaml, IEnumerable<IAmbientTool>? tools = null, IEnumerable<IToolCallFilter>? filters = null, ToolOptions? toolOptions = null,
        ILoggerFactory? loggers = null)
    {
        _registry = new ToolRegistry(tools ?? []);
        _pipeline = new ToolCallPipeline(filters ?? []);
        _toolOptions = toolOptions ?? new ToolOptions();
        _loggers = loggers ?? NullLoggerFactory.Instance;
        Agent = AgentCatalog.FromFiles([("agent.yaml", agentYaml)], Topics.ForRuns(), _registry.Names).Agents.Single();
        Runner = Restart();
    }

    /// <summary>Topic names (the defaults).</summary>
    public AmbientTopics Topics { get; } = new();

    /// <summary>The agent, as read from its file.</summary>
    public AgentDefinition Agent { get; }

    /// <summary>The model every runner of this harness asks.</summary>
    public ScriptedChatModel Model { get; } = new();

    /// <summary>The checkpoints topic.</summary>
    public InMemoryCheckpointLog Log { get; } = new();

    /// <summary>Where actions and audit records go.</summary>
    public InMemoryPublisher Publisher { get; } = new();

    /// <summary>The clock (run timeouts and tool timeouts are real time, not this clock).</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    /// <summary>The daily token budgets, shared by the harness's runners as a worker's are.</summary>
    public TokenBudget Budget => field ??= new TokenBudget(Time);

    /// <summary>The current runner.</summary>
    public AgentRunner Runner { get; private set; }

    /// <summary>The actions published to the live actions topic.</summary>
    public IReadOnlyList<ActionRecord> Actions => Publisher.Actions(Topics.Actions);

    /// <summary>The audit records published.</summary>
    public IReadOnlyList<AuditRecord> Audits => Publisher.Audits(Topics.Audit);

    /// <summary>
    /// A minimal agent file: <paramref name="name"/> subscribed to custom events of type <c>com.example.test</c>, with
    /// <paramref name="tools"/> and, when given, the <c>limits</c> mapping <paramref name="limits"/> (e.g. <c>{ toolTimeoutSeconds: 1 }</c>).
    /// </summary>
    public static string AgentYaml(IEnumerable<string> tools, string? limits = null, string name = "tester") =>
        $"""
        name: {name}
        owner: team-test
        subscriptions:
          - topic: custom
            types: [{EventType}]
        systemPrompt: You test the runtime.
        tools: [{string.Join(", ", tools)}]
        {(limits is null ? string.Empty : $"limits: {limits}")}
        """;

    /// <summary>The type of the events <see cref="AgentYaml"/> subscribes to.</summary>
    public const string EventType = "com.example.test";

    /// <summary>A custom event of <see cref="EventType"/> with JSON <paramref name="data"/>.</summary>
    public static AmbientEvent Event(string id = "event-1", object? data = null) =>
        new(id, "/tests", EventType, "subject-1", new DateTimeOffset(2026, 11, 23, 11, 59, 0, TimeSpan.Zero), "application/json",
            Encoding.UTF8.GetBytes(JsonSerializer.Serialize(data ?? new { text = "something happened" })))
        {
            PartitionKey = "entity-1",
        };

    /// <summary>Where <see cref="Event"/>s are read from: the custom events topic, partition 0, at <paramref name="offset"/>.</summary>
    public EventCoordinates At(long offset = 0) => new(Topics.CustomEvents, 0, offset);

    /// <summary>The run id <paramref name="input"/> gets.</summary>
    public string RunIdOf(AmbientEvent input) => RunId.For(Agent.Name, input).Value;

    /// <summary>Drives <paramref name="input"/> through the current runner, as the consumer does with a record (cancelled with the test).</summary>
    public Task<ProcessingResult> ProcessAsync(AmbientEvent input, long offset = 0) =>
        Runner.ProcessAsync(input, At(offset), TestContext.Current.CancellationToken);

    /// <summary>A new runner over the same log, publisher, model, tools and filters; it becomes <see cref="Runner"/>.</summary>
    public AgentRunner Restart()
    {
        var records = new RecordFactory(
            AmbientRecordReader.Services.GetRequiredService<IRecordCodec<ActionRecord>>(),
            AmbientRecordReader.Services.GetRequiredService<IRecordCodec<AuditRecord>>());
        var toolbox = new AgentToolbox(Agent, _registry, pipeline: _pipeline, options: _toolOptions);
        Runner = AgentRunner.Create(Agent, Model, toolbox, Publisher, records, Topics.ForRuns(), Budget, Log, new CheckpointOptions(), Time, _loggers);
        return Runner;
    }

    /// <summary>Replays <paramref name="input"/> through the current runner's agent, actions to the shadow topic (cancelled with the test).</summary>
    public Task<ReplayReport> ReplayAsync(AmbientEvent input, ReplayMode mode, string replayId = "replay-1", long offset = 0) =>
        new ReplayRunner(Runner, Topics.ForRuns()).ReplayAsync([(input, At(offset))], mode, ReplayOutput.Shadow, replayId, TestContext.Current.CancellationToken);
}
