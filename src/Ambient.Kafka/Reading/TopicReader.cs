using Confluent.Kafka;
using Ambient.Kafka.Configuration;

namespace Ambient.Kafka.Reading;

/// <summary>
/// The one way Ambient reads topics without a consumer group (replays, rollbacks, reports, checkpoint restores, the
/// gateway's A2A tables): one consumer from <see cref="KafkaClientConfigs.Reader"/>, assigned at chosen offsets and read
/// to each partition's end or a caller's bound, every wait bounded by <see cref="Timeout"/>, or tailed until stopped.
/// Blocking, like librdkafka's <c>Consume</c>: call it on a thread of its own. Never creates a topic: metadata is asked
/// through the consumer, which does not auto-create (a broker with auto.create.topics.enable would make a one-partition,
/// 1 MB-record topic of a missing one). Dispose it when the read is done; one reader per read, not shared. A tombstone's
/// value is null, whatever the annotation says.
/// </summary>
public sealed class TopicReader : IDisposable
{
    /// <summary>How long one poll, metadata or offset query may take.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan s_tailPoll = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan s_tailMetadataTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_tailRetryDelay = TimeSpan.FromSeconds(2);
    private readonly IConsumer<string?, byte[]> _consumer;
    private readonly Action<Error>? _onError;

    /// <param name="kafka">Where and as whom to read.</param>
    /// <param name="configure">Changes to the reader's client settings, e.g. a larger <c>fetch.max.bytes</c>.</param>
    /// <param name="onError">Client errors librdkafka retries on its own (a broker gone), and the tail's failed polls; ignored when null.</param>
    public TopicReader(AmbientKafkaOptions kafka, Action<ConsumerConfig>? configure = null, Action<Error>? onError = null)
    {
        ArgumentNullException.ThrowIfNull(kafka);
        var config = KafkaClientConfigs.Reader(kafka);
        config.EnablePartitionEof = true;
        config.AllowAutoCreateTopics = false;
        configure?.Invoke(config);
        _onError = onError;
        var builder = new ConsumerBuilder<string?, byte[]>(config);
        if (onError is not null)
        {
            builder.SetErrorHandler((_, error) => onError(error));
        }

        _consumer = builder.Build();
    }

    /// <summary>The topic's metadata, or null when the brokers return none; check <see cref="TopicMetadata.Error"/> for a missing topic.</summary>
    public TopicMetadata? Describe(string topic)
    {
        using var admin = new DependentAdminClientBuilder(_consumer.Handle).Build();
        return admin.GetMetadata(topic, Timeout).Topics.SingleOrDefault(t => t.Topic == topic);
    }

    /// <summary>The partition's low and high watermarks (first offset still there, next offset to be written).</summary>
    public WatermarkOffsets Watermarks(TopicPartition partition) => _consumer.QueryWatermarkOffsets(partition, Timeout);

    /// <summary>Per partition, the first offset whose record timestamp is at or after <paramref name="time"/>; <see cref="Offset.End"/> when none is.</summary>
    public List<TopicPartitionOffset> OffsetsAt(IEnumerable<TopicPartition> partitions, DateTimeOffset time)
    {
        // Before 1970 is before any record, and a negative timestamp is one of Kafka's markers (-1 latest, -2 earliest).
        var at = new Timestamp(time < DateTimeOffset.UnixEpoch ? DateTimeOffset.UnixEpoch.UtcDateTime : time.UtcDateTime);
        return _consumer.OffsetsForTimes([.. partitions.Select(p => new TopicPartitionTimestamp(p, at))], Timeout);
    }

    /// <summary>
    /// Reads from each of <paramref name="starts"/> until its partition's end, or until <paramref name="take"/> returns
    /// false for one of its records (a bound reached: that record is the caller's to keep or not). Records of a partition
    /// already done are skipped.
    /// </summary>
    /// <returns>False when a poll brought neither a record nor a partition's end within <see cref="Timeout"/>: the read stopped there.</returns>
    public bool Read(IReadOnlyCollection<TopicPartitionOffset> starts, Func<ConsumeResult<string?, byte[]>, bool> take, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(starts);
        ArgumentNullException.ThrowIfNull(take);
        var open = starts.Select(s => s.TopicPartition).ToHashSet();
        _consumer.Assign(starts);
        try
        {
            while (open.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var record = _consumer.Consume(Timeout);
                if (record is null)
                {
                    return false;
                }

                if (open.Contains(record.TopicPartition) && (record.IsPartitionEOF || !take(record)))
                {
                    open.Remove(record.TopicPartition);
                }
            }

            return true;
        }
        finally
        {
            _consumer.Unassign();
        }
    }

    /// <summary>
    /// Reads every partition of <paramref name="topic"/>, from its beginning or from its end, until
    /// <paramref name="stoppingToken"/>, handing each record to <paramref name="handle"/>. A missing topic is waited for
    /// (<paramref name="topicMissing"/> each time it is found missing). <paramref name="caughtUp"/> is called once, with the
    /// partition count, when the records present at assignment were read (from the end: at assignment).
    /// </summary>
    public void Tail(string topic, bool fromEnd, Action<ConsumeResult<string?, byte[]>> handle, Action<int> caughtUp, Action topicMissing, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentNullException.ThrowIfNull(caughtUp);
        try
        {
            var (partitions, ends) = AssignAll(topic, fromEnd, topicMissing, stoppingToken);
            var announced = false;
            while (!stoppingToken.IsCancellationRequested)
            {
                // Positions, not record offsets: compaction leaves gaps, the last offset may be gone.
                ends = ends.Where(e => _consumer.Position(new TopicPartition(topic, e.Key)) is var at && (at == Offset.Unset || at.Value < e.Value))
                    .ToDictionary(e => e.Key, e => e.Value);
                if (ends.Count == 0 && !announced)
                {
                    announced = true;
                    caughtUp(partitions);
                }

                if (PollTail() is { Message: not null, IsPartitionEOF: false } record)
                {
                    handle(record);
                }
            }
        }
        finally
        {
            _consumer.Close();
        }
    }

    /// <summary>Closes the consumer.</summary>
    public void Dispose() => _consumer.Dispose();

    /// <summary>Assigns every partition, retrying until the topic exists; returns the partition count and, per partition still to read up to, its end at start.</summary>
    private (int Partitions, Dictionary<int, long> Ends) AssignAll(string topic, bool fromEnd, Action topicMissing, CancellationToken stoppingToken)
    {
        while (true)
        {
            stoppingToken.ThrowIfCancellationRequested();
            try
            {
                using var admin = new DependentAdminClientBuilder(_consumer.Handle).Build();
                var partitions = admin.GetMetadata(topic, s_tailMetadataTimeout).Topics.SingleOrDefault(t => t.Topic == topic && !t.Error.IsError)?.Partitions;
                if (partitions is { Count: > 0 })
                {
                    var offsets = partitions.Select(p => (p.PartitionId, Marks: _consumer.QueryWatermarkOffsets(new TopicPartition(topic, p.PartitionId), s_tailMetadataTimeout))).ToList();
                    _consumer.Assign(offsets.Select(o => new TopicPartitionOffset(topic, o.PartitionId, fromEnd ? o.Marks.High : o.Marks.Low)));
                    return (offsets.Count, fromEnd ? [] : offsets.Where(o => o.Marks.High > o.Marks.Low).ToDictionary(o => o.PartitionId, o => o.Marks.High.Value));
                }

                topicMissing();
            }
            catch (KafkaException ex)
            {
                _onError?.Invoke(ex.Error);
            }

            stoppingToken.WaitHandle.WaitOne(s_tailRetryDelay);
        }
    }

    private ConsumeResult<string?, byte[]>? PollTail()
    {
        try
        {
            return _consumer.Consume(s_tailPoll);
        }
        catch (ConsumeException ex) when (!ex.Error.IsFatal)
        {
            _onError?.Invoke(ex.Error);
            return null;
        }
    }
}
