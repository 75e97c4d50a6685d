using System.Collections.Concurrent;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Serialization;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Reading;
using Ambient.Kafka.Topics;
using Microsoft.Extensions.Options;

namespace Ambient.Supervisor.Runs;

/// <summary>
/// Every run's head, materialised from the compacted checkpoints topic: read whole when the console starts, then
/// followed. Only heads are kept (a few hundred bytes a run), not steps; a finished run's tombstone removes it. A record
/// that is not a readable head is skipped and counted.
/// </summary>
internal sealed partial class RunBoard(IOptions<AmbientKafkaOptions> kafka, IOptions<AmbientTopics> topics, IRecordCodec<RunHead> heads, ILogger<RunBoard> logger)
    : BackgroundService
{
    private readonly ConcurrentDictionary<string, RunHead> _runs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<RunWatch, byte> _watches = new();
    private readonly TaskCompletionSource _caughtUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _unreadable;

    /// <summary>Completes once every head written before the console started was read.</summary>
    public Task CaughtUp => _caughtUp.Task;

    /// <summary>Records skipped because they were not a head this version reads.</summary>
    public long Unreadable => Interlocked.Read(ref _unreadable);

    /// <summary>Runs, newest first, of <paramref name="agent"/> and in <paramref name="status"/> when given.</summary>
    public IReadOnlyList<RunHead> Runs(string? agent = null, string? status = null) =>
        [.. _runs.Values.Where(r => (agent is null || r.Agent == agent) && (status is null || r.Status == status)).OrderByDescending(r => r.UpdatedAt)];

    /// <summary>
    /// Follows every change from now on, until disposed; null when <see cref="MaxWatches"/> are open already. A watcher
    /// that reads too slowly loses its oldest changes, not the board's memory.
    /// </summary>
    public RunWatch? Watch()
    {
        if (_watches.Count >= MaxWatches)
        {
            return null;
        }

        var watch = new RunWatch(w => _watches.TryRemove(w, out _));
        _watches[watch] = 0;
        return watch;
    }

    /// <summary>How many watchers (open live pages) the board serves at once.</summary>
    public const int MaxWatches = 100;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var tail = new TopicTail(topics.Value.Checkpoints, fromEnd: false, kafka.Value, logger);
        _ = tail.CaughtUp.ContinueWith(t => _caughtUp.TrySetResult(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        await tail.RunAsync(Apply, stoppingToken);
    }

    private void Apply(TailRecord record)
    {
        if (record.Key is null || CheckpointKeys.Parse(record.Key) is not (var runId, null))
        {
            return;
        }

        if (record.Value is null)
        {
            if (_runs.TryRemove(runId, out _))
            {
                Tell(new RunChange(runId, null));
            }

            return;
        }

        try
        {
            var head = heads.Decode(record.Value);
            _runs[runId] = head;
            Tell(new RunChange(runId, head));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (Interlocked.Increment(ref _unreadable) == 1)
            {
                LogUnreadable(logger, runId, ex.Message);
            }
        }
    }

    private void Tell(RunChange change)
    {
        foreach (var watch in _watches.Keys)
        {
            watch.Write(change);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run board: the head of run {RunId} cannot be read ({Reason}); it and any later unreadable head are skipped")]
    private static partial void LogUnreadable(ILogger logger, string runId, string reason);
}
