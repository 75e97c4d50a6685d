using Ambient.Abstractions.Processing;
using Ambient.Kafka;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Reading;

namespace Ambient.Gateway.A2a;

/// <summary>One record read by a <see cref="TopicTail"/>: key, headers and value (null for a tombstone).</summary>
internal sealed record TailRecord(string? Key, IReadOnlyList<KeyValuePair<string, byte[]>> Headers, byte[]? Value)
{
    public string? Header(string name) => Headers.TextOf(name);
}

/// <summary>
/// Every partition of one topic read without a consumer group (each gateway replica reads all of it) by a
/// <see cref="TopicReader"/>, from the beginning (a compacted table) or from its end when started (replies), on a thread
/// of its own: <c>Consume</c> blocks. <see cref="CaughtUp"/> completes once the records present at start were read (from
/// the end: at once), so a reader can wait until the table is whole. A missing topic is retried, logged, until it exists.
/// </summary>
internal sealed class TopicTail(string topic, bool fromEnd, AmbientKafkaOptions kafka, ILogger logger)
{
    private readonly TaskCompletionSource _caughtUp = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Topic => topic;

    /// <summary>Completes when the reader holds every record written before it started.</summary>
    public Task CaughtUp => _caughtUp.Task;

    /// <summary>Partitions of the topic, known once caught up (0 before).</summary>
    public int PartitionCount { get; private set; }

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
