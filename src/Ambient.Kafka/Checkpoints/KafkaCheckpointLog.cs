using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Processing;
using Ambient.Abstractions.Topics;
using Ambient.Kafka.Configuration;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace Ambient.Kafka.Checkpoints;

/// <summary>
/// The checkpoints topic on Kafka. Writes go through the shared idempotent producer to an explicit
/// partition (co-partitioning with the input); reads assign one partition without a consumer group and
/// stop at the end offset the partition had when the read began.
/// </summary>
public sealed class KafkaCheckpointLog(IRecordPublisher publisher, IOptions<AmbientKafkaOptions> kafka, IOptions<AmbientTopics> topics) : ICheckpointLog
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);
    private static readonly Dictionary<string, string> s_headers = new(StringComparer.Ordinal) { ["content-type"] = "application/json" };
    private readonly string _topic = topics.Value.Checkpoints;
    private int _partitions;

    /// <inheritdoc/>
    public Task WriteAsync(int partition, IReadOnlyList<KeyValuePair<string, byte[]?>> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);

        // Started together so they share a batch; the idempotent producer keeps their order within the partition.
        var writes = new Task[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            var (key, value) = records[i];
            writes[i] = publisher.PublishAsync(new OutgoingRecord(_topic, key, value, s_headers) { Partition = partition }, cancellationToken);
        }

        return Task.WhenAll(writes);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<KeyValuePair<string, byte[]?>> ReadAsync(int partition, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // librdkafka's Consume blocks: the read runs on a thread of its own and hands records over a bounded
        // channel, so restores (several at once after a rebalance) never tie up thread-pool threads.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var records = Channel.CreateBounded<KeyValuePair<string, byte[]?>>(new BoundedChannelOptions(4096) { SingleReader = true, SingleWriter = true });
        var reading = Task.Factory.StartNew(() => ReadInto(records.Writer, partition, stop.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
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

    private void ReadInto(ChannelWriter<KeyValuePair<string, byte[]?>> records, int partition, CancellationToken cancellationToken)
    {
        try
        {
            var config = KafkaClientConfigs.Consumer(kafka.Value, $"ambient-checkpoint-reader-{Guid.NewGuid():N}");
            config.EnableAutoCommit = false;
            config.EnablePartitionEof = true;
            config.FetchMaxBytes = 16 * 1024 * 1024;
            using var consumer = new ConsumerBuilder<string?, byte[]?>(config).Build();
            var topicPartition = new TopicPartition(_topic, partition);
            var end = consumer.QueryWatermarkOffsets(topicPartition, s_timeout);
            if (end.High.Value > end.Low.Value)
            {
                consumer.Assign(new TopicPartitionOffset(topicPartition, Offset.Beginning));
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var record = consumer.Consume(s_timeout)
                        ?? throw new TimeoutException($"Reading checkpoints from {_topic}/{partition}: no record within {s_timeout.TotalSeconds} s (end offset {end.High.Value}).");
                    if (record.IsPartitionEOF)
                    {
                        break;
                    }

                    if (record.Message.Key is { } key)
                    {
                        while (!records.TryWrite(new(key, record.Message.Value)))
                        {
                            records.WaitToWriteAsync(cancellationToken).AsTask().GetAwaiter().GetResult();
                        }
                    }

                    if (record.Offset.Value >= end.High.Value - 1)
                    {
                        break;
                    }
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
    public async Task<int> PartitionCountAsync(CancellationToken cancellationToken)
    {
        if (_partitions > 0)
        {
            return _partitions;
        }

        using var admin = new AdminClientBuilder(KafkaClientConfigs.Admin(kafka.Value)).Build();
        var metadata = await Task.Run(() => admin.GetMetadata(_topic, s_timeout), cancellationToken);
        var topic = metadata.Topics.SingleOrDefault(t => t.Topic == _topic);
        if (topic is null || topic.Error.IsError || topic.Partitions.Count == 0)
        {
            throw new InvalidOperationException(
                $"The checkpoints topic '{_topic}' does not exist ({topic?.Error.Reason ?? "no metadata"}); run `ambient topics init` or create it compacted with as many partitions as the event topics.");
        }

        return _partitions = topic.Partitions.Count;
    }
}
