using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Processing;
using Ambient.Kafka.Topics;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Consumers;
using Ambient.Kafka.Reading;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace Ambient.Kafka.Checkpoints;

/// <summary>
/// The checkpoints topic on Kafka. Writes go through the shared idempotent producer to an explicit
/// partition (co-partitioning with the input); reads assign one partition without a consumer group and
/// stop at the end offset the partition had when the read began (a <see cref="TopicReader"/>). Values are encoded by <see cref="Codec"/>.
/// A read first asks where the partition starts and ends through one long-lived client, and builds a consumer only when
/// there is something to read: a worker restores every partition it is assigned, often empty ones (a new deployment, a
/// partition whose runs were all swept), and a consumer per read took a quarter of a second each at start.
/// </summary>
public sealed class KafkaCheckpointLog(IRecordPublisher publisher, CheckpointCodec codec, IOptions<AmbientKafkaOptions> kafka, IOptions<AmbientTopics> topics)
    : ICheckpointLog, IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);
    private readonly Dictionary<string, string> _headers = new(StringComparer.Ordinal) { ["content-type"] = codec.ContentType };
    private readonly string _topic = topics.Value.Checkpoints;
    private readonly string _deadLetterTopic = topics.Value.DeadLetter;

    // Every agent restores the whole partition and the CLI polls it: copy each unreadable record once per process.
    // Lazy: GetOrAdd may run its factory twice when two readers (a restore, the replies' run cache) meet the same
    // record at once; only the stored Lazy's copy runs.
    private readonly ConcurrentDictionary<(int Partition, long Offset), Lazy<Task>> _deadLettered = new();
    private readonly Lock _partitionCountLock = new();
    private Task<int>? _partitionCount;

    // Watermark and metadata queries only (never assigned, never consuming); librdkafka's queries are safe from several threads.
    private readonly Lazy<IConsumer<Ignore, Ignore>> _watermarks = new(() => new ConsumerBuilder<Ignore, Ignore>(
        KafkaClientConfigs.Reader(kafka.Value)).Build());

    /// <inheritdoc/>
    public string Topic => _topic;

    /// <inheritdoc/>
    public CheckpointCodec Codec => codec;

    /// <inheritdoc/>
    public Task WriteAsync(int partition, IReadOnlyList<KeyValuePair<string, byte[]?>> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        // Started together so they share a batch; the idempotent producer keeps their order within the partition.
        var writes = new Task[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            var (key, value) = records[i];
            writes[i] = publisher.PublishAsync(new OutgoingRecord(_topic, key, value, _headers) { Partition = partition, CarriesTraceContext = false }, cancellationToken);
        }

        return writes.Length == 1 ? writes[0] : Task.WhenAll(writes);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<CheckpointLogRecord> ReadAsync(int partition, CancellationToken cancellationToken) => ReadFromAsync(partition, 0, cancellationToken);

    /// <inheritdoc/>
    public async IAsyncEnumerable<CheckpointLogRecord> ReadFromAsync(int partition, long offset, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // librdkafka's Consume blocks: the read runs on a thread of its own and hands records over a bounded
        // channel, so restores (several at once after a rebalance) never tie up thread-pool threads.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var records = Channel.CreateBounded<CheckpointLogRecord>(new BoundedChannelOptions(4096) { SingleReader = true, SingleWriter = true });
        var reading = Task.Factory.StartNew(() => ReadInto(records.Writer, partition, offset, stop.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            await foreach (var record in records.Reader.ReadAllAsync(cancellationToken))
            {
                yield return record;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private void ReadInto(ChannelWriter<CheckpointLogRecord> records, int partition, long from, CancellationToken cancellationToken)
    {
        try
        {
            var topicPartition = new TopicPartition(_topic, partition);
            var end = _watermarks.Value.QueryWatermarkOffsets(topicPartition, s_timeout);
            // Records before the log start are gone (retention, compaction): start at whichever is later.
            var start = Math.Max(from, end.Low.Value);
            if (end.High.Value > start)
            {
                using var reader = new TopicReader(kafka.Value, config => config.FetchMaxBytes = 16 * 1024 * 1024);
                var whole = reader.Read([new TopicPartitionOffset(topicPartition, new Offset(start))], record =>
                {
                    if (record.Message.Key is { } key)
                    {
                        var item = new CheckpointLogRecord(key, record.Message.Value, partition, record.Offset.Value);
                        while (!records.TryWrite(item))
                        {
                            records.WaitToWriteAsync(cancellationToken).AsTask().GetAwaiter().GetResult();
                        }
                    }

                    return record.Offset.Value < end.High.Value - 1;
                }, cancellationToken);
                if (!whole)
                {
                    throw new TimeoutException($"Reading checkpoints from {_topic}/{partition}: no record within {TopicReader.Timeout.TotalSeconds} s (end offset {end.High.Value}).");
                }
            }

            records.Complete();
        }
        catch (Exception ex)
        {
            records.Complete(ex);
        }
    }

    /// <inheritdoc/>
    public Task DeadLetterAsync(CheckpointLogRecord record, string reader, Exception failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return _deadLettered.GetOrAdd((record.Partition, record.Offset), at => new Lazy<Task>(() => CopyAsync(at, record, reader, failure))).Value.WaitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public Task<int> PartitionCountAsync(CancellationToken cancellationToken)
    {
        // One metadata request for every caller (all partitions of all agents restore at once at start), on a
        // thread of its own; a failed one is not remembered, so the next caller asks again.
        Task<int> count;
        lock (_partitionCountLock)
        {
            if (_partitionCount is null || _partitionCount.IsFaulted || _partitionCount.IsCanceled)
            {
                _partitionCount = KafkaThreads.RunAsync(ReadPartitionCount, CancellationToken.None);
            }

            count = _partitionCount;
        }

        return count.WaitAsync(cancellationToken);
    }

    /// <summary>Closes the client that asks for watermarks (reads in progress end with an error).</summary>
    public void Dispose()
    {
        if (_watermarks.IsValueCreated)
        {
            _watermarks.Value.Dispose();
        }
    }

    private int ReadPartitionCount()
    {
        // On the watermark client's connections: a restore asks for both, and each new client takes its own connect and metadata round.
        using var admin = new DependentAdminClientBuilder(_watermarks.Value.Handle).Build();
        var topic = admin.GetMetadata(_topic, s_timeout).Topics.SingleOrDefault(t => t.Topic == _topic);
        if (topic is null || topic.Error.IsError || topic.Partitions.Count == 0)
        {
            throw new DependencyUnavailableException(
                $"The checkpoints topic '{_topic}' does not exist ({topic?.Error.Reason ?? "no metadata"}); run `ambient topics init` or create it compacted with as many partitions as the event topics.");
        }

        return topic.Partitions.Count;
    }

    private async Task CopyAsync((int Partition, long Offset) at, CheckpointLogRecord record, string reader, Exception failure)
    {
        var letter = DeadLetters.For(new TopicPartitionOffset(_topic, at.Partition, at.Offset), record.Key, record.Value,
            new Dictionary<string, string>(_headers, StringComparer.Ordinal), reader, failure, attempts: 1, _deadLetterTopic);
        try
        {
            await publisher.PublishAsync(letter, CancellationToken.None);
        }
        catch
        {
            // Not copied: the next reader tries again; this read fails and is retried like any broker outage.
            _deadLettered.TryRemove(at, out _);
            throw;
        }
    }
}
