using Ambient.Abstractions.Processing;
using Ambient.Kafka;
using Ambient.Kafka.Configuration;
using Confluent.Kafka;

namespace Ambient.Gateway.A2a;

/// <summary>One record read by a <see cref="TopicTail"/>: key, headers and value (null for a tombstone).</summary>
internal sealed record TailRecord(string? Key, IReadOnlyList<KeyValuePair<string, byte[]>> Headers, byte[]? Value)
{
    public string? Header(string name) => Headers.TextOf(name);
}

/// <summary>
/// Reads every partition of one topic without a consumer group (each gateway replica reads all of it), from the
/// beginning (a compacted table) or from its end when started (replies), on a thread of its own: <c>Consume</c>
/// blocks. <see cref="CaughtUp"/> completes once the records present at start were read (from the end: at once),
/// so a reader can wait until the table is whole. A missing topic is retried, logged, until it exists.
/// </summary>
internal sealed class TopicTail(string topic, bool fromEnd, AmbientKafkaOptions kafka, ILogger logger)
{
    private static readonly TimeSpan s_metadataTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_retryDelay = TimeSpan.FromSeconds(2);
    private readonly TaskCompletionSource _caughtUp = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Topic => topic;

    /// <summary>Completes when the reader holds every record written before it started.</summary>
    public Task CaughtUp => _caughtUp.Task;

    /// <summary>Partitions of the topic, known once assigned (0 before).</summary>
    public int PartitionCount { get; private set; }

    public Task RunAsync(Action<TailRecord> handle, CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(handle, stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(Action<TailRecord> handle, CancellationToken stoppingToken)
    {
        var config = KafkaClientConfigs.Reader(kafka);
        using var consumer = new ConsumerBuilder<string?, byte[]?>(config)
            .SetErrorHandler((_, error) => logger.LogTailError(topic, error.Reason))
            .Build();
        try
        {
            var ends = Assign(consumer, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                // Positions, not record offsets: compaction leaves gaps, the last offset may be gone.
                ends = ends.Where(e => consumer.Position(new TopicPartition(topic, e.Key)) is var at && (at == Offset.Unset || at.Value < e.Value))
                    .ToDictionary(e => e.Key, e => e.Value);
                if (ends.Count == 0)
                {
                    _caughtUp.TrySetResult();
                }

                var record = Consume(consumer);
                if (record?.Message is not null)
                {
                    handle(new TailRecord(record.Message.Key, RecordHeaders.From(record.Message.Headers), record.Message.Value));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: nothing is committed, a new reader starts over.
        }
        finally
        {
            _caughtUp.TrySetCanceled(CancellationToken.None);
            consumer.Close();
        }
    }

    /// <summary>Assigns every partition; returns, per partition still to read up to, the end offset at start.</summary>
    private Dictionary<int, long> Assign(IConsumer<string?, byte[]?> consumer, CancellationToken stoppingToken)
    {
        using var admin = new AdminClientBuilder(KafkaClientConfigs.Admin(kafka)).Build();
        while (true)
        {
            stoppingToken.ThrowIfCancellationRequested();
            try
            {
                // All topics' metadata, not this topic's: asking for one topic may auto-create it on some brokers.
                var partitions = admin.GetMetadata(s_metadataTimeout).Topics.SingleOrDefault(t => t.Topic == topic && !t.Error.IsError)?.Partitions;
                if (partitions is { Count: > 0 })
                {
                    var offsets = partitions.Select(p => (p.PartitionId, Marks: consumer.QueryWatermarkOffsets(new TopicPartition(topic, p.PartitionId), s_metadataTimeout))).ToList();
                    consumer.Assign(offsets.Select(o => new TopicPartitionOffset(topic, o.PartitionId, fromEnd ? o.Marks.High : o.Marks.Low)));
                    PartitionCount = offsets.Count;
                    return fromEnd ? [] : offsets.Where(o => o.Marks.High > o.Marks.Low).ToDictionary(o => o.PartitionId, o => o.Marks.High.Value);
                }

                logger.LogTailTopicMissing(topic);
            }
            catch (KafkaException ex)
            {
                logger.LogTailError(topic, ex.Error.Reason);
            }

            stoppingToken.WaitHandle.WaitOne(s_retryDelay);
        }
    }

    private ConsumeResult<string?, byte[]?>? Consume(IConsumer<string?, byte[]?> consumer)
    {
        try
        {
            return consumer.Consume(TimeSpan.FromMilliseconds(200));
        }
        catch (ConsumeException ex) when (!ex.Error.IsFatal)
        {
            logger.LogTailError(topic, ex.Error.Reason);
            return null;
        }
    }
}
