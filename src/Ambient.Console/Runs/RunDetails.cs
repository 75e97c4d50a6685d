using System.Diagnostics;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Processing;
using Ambient.Executor.Ledger;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Reading;
using Ambient.Kafka.Topics;
using Ambient.Runtime.Checkpoints;
using Ambient.Runtime.Operations;
using Ambient.Runtime.Runs;
using Microsoft.Extensions.Options;

namespace Ambient.Supervisor.Runs;

/// <summary>
/// One run whole, read when its page is asked for: its steps from the checkpoints topic (as <c>ambient runs show</c>
/// reads them), what the executor did with its actions, and its event with the trace it came in. A read scans the
/// checkpoints topic, so only <see cref="MaxConcurrentReads"/> run at once; more wait briefly, then are refused.
/// </summary>
internal sealed class RunDetails(ICheckpointLog log, EventReader events, IRecordPublisher publisher, IOptions<AmbientKafkaOptions> kafka, IOptions<AmbientTopics> topics,
    TimeProvider time, ILogger<RunDetails> logger) : IDisposable
{
    /// <summary>How many run pages are read at once.</summary>
    public const int MaxConcurrentReads = 2;

    private static readonly TimeSpan SlotWait = TimeSpan.FromSeconds(10);
    private readonly SemaphoreSlim _reads = new(MaxConcurrentReads);

    /// <summary>The run, or null when the checkpoints topic has no such run.</summary>
    /// <exception cref="RunDetailsBusyException">Too many run pages are being read.</exception>
    public async Task<RunDetail?> FindAsync(string runId, CancellationToken cancellationToken)
    {
        if (!await _reads.WaitAsync(SlotWait, cancellationToken))
        {
            throw new RunDetailsBusyException();
        }

        try
        {
            var journal = await Operations.FindAsync(runId, cancellationToken);
            if (journal?.Input is not { } input)
            {
                return null;
            }

            var outcomes = await Task.Run(() => LedgerReader.ForRun(kafka.Value, topics.Value.ActionResults, runId, cancellationToken), cancellationToken);
            try
            {
                var (evt, trace) = await events.ReadTracedAsync(new EventCoordinates(input.Topic, input.Partition, input.Offset), cancellationToken);
                return new RunDetail(journal, outcomes, evt, null, trace);
            }
            catch (InvalidOperationException ex)
            {
                return new RunDetail(journal, outcomes, null, ex.Message, null);
            }
        }
        finally
        {
            _reads.Release();
        }
    }

    /// <summary>Asks the run's workers to roll it back to <paramref name="to"/> (a step index or <c>last-good</c>) on behalf of <paramref name="by"/>.</summary>
    /// <exception cref="RollbackException">The run does not exist, is still running, or has no such step.</exception>
    public Task<ControlCommand> RequestRollbackAsync(string runId, string to, string by, CancellationToken cancellationToken) =>
        Operations.RequestRollbackAsync(runId, to, by, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _reads.Dispose();

    private RunOperations Operations => new(log, publisher, RunTopicsOf(topics.Value), time, logger);

    // Only what reading and rolling back runs touch (checkpoints, control); the console consumes no sources.
    private static RunTopics RunTopicsOf(AmbientTopics topics) => new()
    {
        Actions = topics.Actions,
        ShadowActions = topics.ShadowActions,
        Audit = topics.Audit,
        AgentEvents = topics.AgentEvents,
        Checkpoints = topics.Checkpoints,
        Control = topics.Control,
        A2aInboxPrefix = topics.A2aInboxPrefix,
        Sources = new Dictionary<string, string>(StringComparer.Ordinal),
    };
}

/// <summary>A run, its actions' outcomes by action id, and its event (or why it could not be read) with its trace.</summary>
internal sealed record RunDetail(RunJournal Journal, IReadOnlyDictionary<string, LedgerEntry> Outcomes, AmbientEvent? Event, string? EventProblem, ActivityContext? Trace);

/// <summary>Every slot for reading a run page was taken for too long.</summary>
internal sealed class RunDetailsBusyException() : Exception($"{RunDetails.MaxConcurrentReads} run pages are being read; try again in a moment.");
