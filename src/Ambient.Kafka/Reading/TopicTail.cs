using Ambient.Abstractions.Processing;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Internal;
using Microsoft.Extensions.Logging;

namespace Ambient.Kafka.Reading;

/// <summary>One record read by a <see cref="TopicTail"/>: key, headers and value (null for a tombstone).</summary>
/// <param name="Key">The record's key.</param>
/// <param name="Headers">Its headers, in order.</param>
/// <param name="Value">Its value; null for a tombstone.</param>
public sealed record TailRecord(string? Key, IReadOnlyList<KeyValuePair<string, byte[]>> Headers, byte[]? Value)
{
    /// <summary>The last header named <paramref name="name"/> as UTF-8 text, or null.</summary>
    public string? Header(string name) => Headers.TextOf(name);
}

/// <summary>
/// Every partition of one topic read without a consumer group (each gateway replica reads all of it) by a
/// <see cref="TopicReader"/>, from the beginning (a compacted table) or from its end when started (replies), on a thread
/// of its own: <c>Consume</c> blocks. <see cref="CaughtUp"/> completes once the records present at start were read (from
/// the end: at once), so a reader can wait until the table is whole. A missing topic is retried, logged, until it exists.
/// The gateway's A2A tables and every host's governance state (policies, pauses) are read this way.
/// </summary>
/// <param name="topic">The topic.</param>
/// <param name="fromEnd">True to read only what is written after the start; false to read the whole topic first.</param>
/// <param name="kafka">Where and as whom to read.</param>
/// <param name="logger">Where read errors and a missing topic are logged (Warning).</param>
public sealed class TopicTail(string topic, bool fromEnd, AmbientKafkaOptions kafka, ILogger logger)
{
    private readonly TaskCompletionSource _caughtUp = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The topic read.</summary>
    public string Topic => topic;

    /// <summary>Completes when the reader holds every record written before it started.</summary>
    public Task CaughtUp => _caughtUp.Task;

    /// <summary>Partitions of the topic, known once caught up (0 before).</summary>
    public int PartitionCount { get; private set; }

    /// <summary>Reads until <paramref name="stoppingToken"/>, handing each record to <paramref name="handle"/> on the reading thread.</summary>
    public Task RunAsync(Action<TailRecord> handle, CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(handle, stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(Action<TailRecord> handle, CancellationToken stoppingToken)
    {
        using var reader = new TopicReader(kafka, onError: error => logger.LogTailError(topic, error.Reason));
        try
        {
            reader.Tail(topic, fromEnd, record => handle(new TailRecord(record.Message.Key, RecordHeaders.From(record.Message.Headers), record.Message.Value)),
                partitions =>
                {
                    PartitionCount = partitions;
                    _caughtUp.TrySetResult();
                },
                () => logger.LogTailTopicMissing(topic), stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: nothing is committed, a new reader starts over.
        }
        finally
        {
            _caughtUp.TrySetCanceled(CancellationToken.None);
        }
    }
}
