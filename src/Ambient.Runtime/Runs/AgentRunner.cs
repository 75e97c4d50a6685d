using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Processing;
using Ambient.Abstractions.Runs;
using Ambient.Llm;
using Ambient.Runtime.Agents;
using Ambient.Runtime.Checkpoints;
using Ambient.Runtime.Redaction;
using Ambient.Runtime.Delegation;
using Ambient.Runtime.Health;
using Ambient.Runtime.Limits;
using Ambient.Runtime.Tools;
using Microsoft.Extensions.Logging;
using Ambient.Abstractions.A2a;

namespace Ambient.Runtime.Runs;

/// <summary>
/// One agent behind a Kafka consumer: takes its events (and, with A2A, its inbox's requests) and hands each to its run,
/// answers the partition hooks, resumes delegating runs when their answers arrive, and applies rollbacks. The run itself
/// (the reasoning loop, tool calls through the filter chain, limits, the audit record) is <see cref="RunExecutor"/>'s;
/// everything it writes is acknowledged before a call returns, so the caller may then commit the event. Each step is
/// checkpointed (see <see cref="ReasoningLoop"/>), so a redelivered event resumes its run instead of starting over.
/// </summary>
public sealed class AgentRunner : IEventProcessor
{
    private readonly AgentServices _services;
    private readonly RunExecutor _executor;
    private readonly DelegationResumer _delegations;
    private readonly InboxRequests _inboxRequests;

    // One execution per run id at a time (two records of one event may be in flight together), events and inbox requests alike.
    private readonly RunLocks _locks = new();

    // The partitions this worker's consumer holds for the agent: the runs of their events are this worker's to drive.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Topic, int Partition), bool> _held = new();

    // The agent's A2A inbox, when it serves requests (compared per record, so built once).
    private readonly string? _inbox;

    private AgentRunner(AgentServices services)
    {
        _services = services;
        var serving = new A2aServing(services.Agent.Name, services.A2a, services.Time, services.Logger);
        _executor = new RunExecutor(services, serving);
        _delegations = new DelegationResumer(services, _executor);

        _inboxRequests = new InboxRequests(services, _executor, serving, _locks);
        _inbox = services.A2a is null ? null : services.Topics.A2aInbox(services.Agent.Name);
        Topics = [.. services.Agent.Subscriptions.Select(s => s.Topic).Concat(_inbox is null ? [] : [_inbox]).Distinct(StringComparer.Ordinal)];
    }

    /// <inheritdoc/>
    public string Name => _services.Agent.Name;

    /// <inheritdoc/>
    /// <remarks>With an A2A channel, also the agent's inbox.</remarks>
    public IReadOnlyList<string> Topics { get; }

    /// <inheritdoc/>
    public int MaxConcurrency => _services.Agent.Limits.MaxConcurrentRuns;

    /// <summary>The agent this runner serves.</summary>
    public AgentDefinition Agent => _services.Agent;

    /// <summary>The agent's model (replays in live mode ask it again).</summary>
    internal IChatModel Model => _services.Model;

    /// <summary>The id recorded as the agent's model.</summary>
    internal string ModelId => _services.ModelId;

    /// <summary>Asks the agent's model its semantic health probe (see <see cref="SemanticProbe"/>); null without a probe or budget.</summary>
    public Task<ProbeResult?> ProbeAsync(CancellationToken cancellationToken) => SemanticProbe.AskAsync(_services, cancellationToken);

    /// <summary>
    /// One trial call to the agent's own model while it is held for the model being out (<c>onFallback: pause</c>): its
    /// probe when it has one, else any answer. Null when the budget is spent.
    /// </summary>
    public Task<ProbeResult?> TrialAsync(CancellationToken cancellationToken) =>
        SemanticProbe.AskAsync(_services, cancellationToken, _services.Agent.HealthProbe ?? HealthProbeSpec.ModelTrial);

    /// <summary>Where this agent's runs are checkpointed.</summary>
    public CheckpointStore Checkpoints => _services.Checkpoints;

    /// <summary>A runner whose runs are checkpointed to <paramref name="log"/> (the worker, replays and benches build it alike).</summary>
    public static AgentRunner Create(AgentDefinition agent, IChatModel chat, AgentToolbox tools, IRecordPublisher publisher, RecordFactory records, RunTopics topics,
        IRunBudget budget, ICheckpointLog log, CheckpointOptions options, TimeProvider time, ILoggerFactory loggers, IA2aChannel? a2a = null, IRunGate? gate = null,
        SecretMasker? masker = null)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(loggers);
        var checkpoints = new CheckpointStore(log, agent.Name, options, time, loggers.CreateLogger<CheckpointStore>());
        return new AgentRunner(new AgentServices(agent, chat, tools, publisher, records, topics, budget, checkpoints, time, loggers.CreateLogger<AgentRunner>(), a2a, gate ?? IRunGate.Open)
        {
            Masker = masker ?? SecretMasker.Default,
        });
    }

    /// <inheritdoc/>
    public bool IsPaused => _services.Gate.IsClosed(_services.Agent.Name);

    /// <inheritdoc/>
    public void PartitionsAssigned(IEnumerable<(string Topic, int Partition)> partitions)
    {
        foreach (var (topic, partition) in partitions ?? [])
        {
            _held[(topic, partition)] = true;
            _services.Checkpoints.Preload(topic, partition);
        }
    }

    /// <inheritdoc/>
    public void PartitionsRevoked(IEnumerable<(string Topic, int Partition)> partitions)
    {
        foreach (var (topic, partition) in partitions ?? [])
        {
            _held.TryRemove((topic, partition), out _);
            _services.Checkpoints.Forget(topic, partition);
        }
    }

    /// <inheritdoc/>
    public async Task<ProcessingResult> ProcessAsync(AmbientEvent input, EventCoordinates at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        // Paused (the kill switch): the record waits here, uncommitted, until the agent is resumed.
        await _services.Gate.WaitOpenAsync(_services.Agent.Name, cancellationToken);
        if (_inbox is not null && at.Topic == _inbox)
        {
            return await _inboxRequests.ServeAsync(input, at, cancellationToken);
        }

        if (!_services.Agent.Handles(at.Topic, input.Type, input.Ingress))
        {
            return ProcessingResult.Ignored;
        }

        // The run is the event's, not the record's: another record of the same event (a redelivery, a producer's retry,
        // the event published twice) waits for a copy in flight, then resumes the run or finds it finished.
        using var held = await _locks.AcquireAsync(RunId.For(_services.Agent.Name, input).Value, cancellationToken);
        var journal = await _services.Checkpoints.OpenForEventAsync(input, at, cancellationToken);
        var run = new RunId(journal.RunId);
        if (journal.IsFinished)
        {
            // Another record of an event whose run finished (redelivered before its offset was committed, or a copy): nothing left to do.
            _services.Logger.LogRunAlreadyFinished(_services.Agent.Name, run.Value, input.Id, at);
            return ProcessingResult.Completed;
        }

        await _executor.ExecuteAsync(new RunRequest(run, journal, input, at, _services.Model, _services.Topics.Actions, ReplayOf: null), cancellationToken);
        journal.Slim();
        return ProcessingResult.Completed;
    }

    /// <summary>
    /// Whether this worker's consumer holds partition <paramref name="partition"/> of <paramref name="topic"/> for the agent:
    /// a run parked there is this worker's to drive again (see <see cref="ResumeAsync"/>), and no other worker's.
    /// </summary>
    public bool Holds(string topic, int partition) => _held.ContainsKey((topic, partition));

    /// <summary>
    /// Drives the run of <paramref name="input"/> again, as a redelivery of its event would: a run parked at a tool call
    /// passes the filters again and goes on (or parks again); a finished run is left as it is. Runs one at a time with
    /// the agent's other records of the same event.
    /// </summary>
    public Task<ProcessingResult> ResumeAsync(AmbientEvent input, EventCoordinates at, CancellationToken cancellationToken) => ProcessAsync(input, at, cancellationToken);

    /// <inheritdoc/>
    public AmbientEvent? TryReadRecord(string topic, string? key, IReadOnlyList<KeyValuePair<string, byte[]>> headers, ReadOnlyMemory<byte> value) =>
        _inbox is not null && topic == _inbox ? _services.A2a!.ReadInbox(topic, key, headers, value) : null;

    /// <summary>
    /// Hands a final answer to the run that delegated: recorded in its waiting <c>delegate</c> step, and once every
    /// request is answered (or the deadline passed) the run goes on from there. A reply for a step that is no longer
    /// waiting (duplicates, late answers) is ignored.
    /// </summary>
    public Task ResolveDelegationAsync(DelegationReply reply, Func<EventCoordinates, CancellationToken, Task<AmbientEvent>> readEvent, CancellationToken cancellationToken) =>
        _delegations.ResolveAsync(reply, readEvent, cancellationToken);

    /// <summary>Ends a waiting <c>delegate</c> step whose deadline passed: unanswered requests time out and the run goes on.</summary>
    public Task ExpireDelegationAsync(string runId, int runPartition, Func<EventCoordinates, CancellationToken, Task<AmbientEvent>> readEvent, CancellationToken cancellationToken) =>
        _delegations.ExpireAsync(runId, runPartition, readEvent, cancellationToken);

    /// <summary>The runs of a checkpoint partition parked at a delegate step, with their earliest deadline (timers after a restart).</summary>
    public Task<IReadOnlyList<(string RunId, DateTimeOffset Deadline)>> WaitingRunsAsync(int runPartition, CancellationToken cancellationToken) =>
        _delegations.WaitingRunsAsync(runPartition, cancellationToken);

    /// <summary>
    /// Rolls a run back as <paramref name="command"/> asks (see <see cref="RunRollback"/>) and re-executes it
    /// from the chosen step with the agent's model. A redelivered command is not applied twice.
    /// </summary>
    /// <exception cref="RollbackException">The run or step does not allow it; the message says why.</exception>
    public async Task RollbackAsync(ControlCommand command, Func<EventCoordinates, CancellationToken, Task<AmbientEvent>> readEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(readEvent);
        var journal = await RunCatalog.LoadRunAsync(_services.Checkpoints.Log, command.Input.Partition, command.RunId, cancellationToken, _services.Logger)
            ?? throw new RollbackException(
                $"Run {command.RunId} is not on checkpoint partition {command.Input.Partition}: it never ran, or its checkpoints were removed after the retention.");
        var at = new EventCoordinates(command.Input.Topic, command.Input.Partition, command.Input.Offset);
        var input = await readEvent(at, cancellationToken);
        if (input.Id != command.Input.EventId)
        {
            throw new RollbackException(
                $"Run {command.RunId}: the record at {at} is event {input.Id}, not the run's event {command.Input.EventId} (was the topic deleted and recreated?); the run cannot be re-executed.");
        }

        await new RunRollback(_services.Checkpoints, _services.Publisher, _services.Records, _services.Topics, _services.Time).ApplyAsync(command, journal, _services.Agent.Version, input.PartitionKey, cancellationToken);

        // This worker's view of the partition no longer matches the log: read it again when next needed.
        _services.Checkpoints.Forget(at.Topic, at.Partition);
        try
        {
            if (!journal.IsFinished)
            {
                await _executor.ExecuteAsync(new RunRequest(new RunId(command.RunId), journal, input, at, _services.Model, _services.Topics.Actions, journal.ReplayOf), cancellationToken);
            }
        }
        finally
        {
            // Read again now, not at the partition's next event: a run the re-execution parked (at an approval, say) is
            // looked up here to be driven on once it is answered, and a quiet partition may have no next event.
            if (Holds(at.Topic, at.Partition))
            {
                _services.Checkpoints.Preload(at.Topic, at.Partition);
            }
        }
    }

    /// <summary>
    /// Runs (or resumes) one run to its end: steps from the first one its journal lacks, the audit record,
    /// then the <c>finish</c> checkpoint. Used for events, rollbacks and replays alike.
    /// </summary>
    /// <summary>Runs (or resumes) one run to its end or its next wait (replays call this directly).</summary>
    internal Task<RunResult> ExecuteAsync(RunRequest request, CancellationToken cancellationToken) => _executor.ExecuteAsync(request, cancellationToken);
}
