using Ambient.Abstractions.Events;
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
    public Task<AmbientEvent> ReadAsync(EventCoordinates at, CancellationToken cancellationToken) => Task.Run(() =>
    {
        var config = KafkaClientConfigs.Consumer(options.Value, $"ambient-event-reader-{Guid.NewGuid():N}");
        config.EnableAutoCommit = false;
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
            return CloudEventKafkaBinding.FromMessage(record.Message) with { PartitionKey = record.Message.Key };
        }
        catch (CloudEventFormatException ex)
        {
            throw new InvalidOperationException($"The record at {at} is not a CloudEvent: {ex.Message}", ex);
        }
    }, cancellationToken);
}
