using System.Collections.Concurrent;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Serialization;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Reading;
using Ambient.Kafka.Topics;
using Microsoft.Extensions.Options;

namespace Ambient.Console.Runs;

/// <summary>
/// Every run's head, materialised from the compacted checkpoints topic: read whole when the console starts, then
/// followed. Only heads are kept (a few hundred bytes a run), not steps; a finished run's tombstone removes it. A record
/// that is not a readable head is skipped and counted.
/// </summary>
internal sealed partial class RunBoard(IOptions<AmbientKafkaOptions> kafka, IOptions<AmbientTopics> topics, IRecordCodec<RunHead> heads, ILogger<RunBoard> logger)
    : BackgroundService
{
    private readonly ConcurrentDictionary<string, RunHead> _runs = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _caughtUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _unreadable;

    /// <summary>Completes once every head written before the console started was read.</summary>
    public Task CaughtUp => _caughtUp.Task;

    /// <summary>Records skipped because they were not a head this version reads.</summary>
    public long Unreadable => Interlocked.Read(ref _unreadable);

    /// <summary>Runs, newest first, of <paramref name="agent"/> and in <paramref name="status"/> when given.</summary>
    public IReadOnlyList<RunHead> Runs(string? agent = null, string? status = null) =>
        [.. _runs.Values.Where(r => (agent is null || r.Agent == agent) && (status is null || r.Status == status)).OrderByDescending(r => r.UpdatedAt)];

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
            _runs.TryRemove(runId, out _);
            return;
        }

        try
        {
            // On the tail's own thread: the codec knows the schema after the first head.
            _runs[runId] = heads.DecodeAsync(record.Value).AsTask().GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (Interlocked.Increment(ref _unreadable) == 1)
            {
                LogUnreadable(logger, runId, ex.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run board: the head of run {RunId} cannot be read ({Reason}); it and any later unreadable head are skipped")]
    private static partial void LogUnreadable(ILogger logger, string runId, string reason);
}
