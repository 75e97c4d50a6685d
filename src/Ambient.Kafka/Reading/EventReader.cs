using Ambient.Abstractions.Events;
using Ambient.Abstractions.Processing;
using Ambient.Kafka.CloudEvents;
using Ambient.Kafka.Configuration;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace Ambient.Kafka.Reading;

/// <summary>Reads events back by their coordinates (rollbacks re-execute a run on its original event; replays read ranges).</summary>
public sealed class EventReader(IOptions<AmbientKafkaOptions> options)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

    /// <summary>The event at <paramref name="at"/>.</summary>
    /// <exception cref="InvalidOperationException">No record is there any more (retention) or it is not a CloudEvent.</exception>
    public Task<AmbientEvent> ReadAsync(EventCoordinates at, CancellationToken cancellationToken) => ReadAsync(at, null, cancellationToken);

    /// <summary>The event at <paramref name="at"/>, read by <paramref name="processor"/> when it reads that topic itself (A2A inboxes).</summary>
    /// <exception cref="InvalidOperationException">No record is there any more (retention) or it cannot be read.</exception>
    /// <remarks>The blocking read runs on a thread of its own, not a thread-pool thread (it may wait up to 15 s).</remarks>
    public Task<AmbientEvent> ReadAsync(EventCoordinates at, IEventProcessor? processor, CancellationToken cancellationToken) => Task.Factory.StartNew(() =>
    {
        var config = KafkaClientConfigs.Reader(options.Value);
        config.EnablePartitionEof = true;
        using var consumer = new ConsumerBuilder<string?, byte[]>(config).Build();
        consumer.Assign(new TopicPartitionOffset(at.Topic, at.Partition, at.Offset));
        var record = consumer.Consume(s_timeout);
        if (record is null || record.IsPartitionEOF || record.Offset.Value != at.Offset)
        {
            throw new InvalidOperationException(
                $"The event at {at} is no longer on the topic (found {(record is null || record.IsPartitionEOF ? "nothing" : $"offset {record.Offset.Value}")}); its retention may have removed it.");
        }

        try
        {
            if (processor?.TryReadRecord(record.Topic, record.Message.Key, RecordHeaders.From(record.Message.Headers), record.Message.Value) is { } own)
            {
                return own with { PartitionKey = record.Message.Key };
            }

            return CloudEventKafkaBinding.FromMessage(record.Message) with { PartitionKey = record.Message.Key };
        }
        catch (Exception ex) when (ex is CloudEventFormatException or UnreadableRecordException)
        {
            throw new InvalidOperationException($"The record at {at} cannot be read: {ex.Message}", ex);
        }
    }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
