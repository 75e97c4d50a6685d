using Ambient.Abstractions.Events;
using Ambient.Abstractions.Processing;
using Confluent.Kafka;

namespace Ambient.Kafka.Producers;

/// <summary>
/// One record waiting for its delivery report. Continuations run on the thread pool, never on the client's
/// delivery-report thread, which serves every record of the producer.
/// </summary>
internal sealed class PendingDelivery(OutgoingRecord record) : TaskCompletionSource<EventCoordinates>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    /// <summary>The producer's delivery handler: where the record landed, or why it was not acknowledged.</summary>
    public void OnDelivered(DeliveryReport<string?, byte[]> report)
    {
        if (report.Error.IsError)
        {
            TrySetException(NotPublished(record, new ProduceException<string?, byte[]>(report.Error, report)));
        }
        else
        {
            TrySetResult(new EventCoordinates(report.Topic, report.Partition.Value, report.Offset.Value));
        }
    }

    /// <summary>The error for a record the client rejected or the brokers did not acknowledge, naming the topic and key.</summary>
    public static KafkaOperationException NotPublished(OutgoingRecord record, KafkaException ex)
    {
        var key = record.Key is null ? string.Empty : $" (key '{record.Key}')";
        return new KafkaOperationException($"Could not publish to topic '{record.Topic}'{key}: {ex.Error.Reason} [{ex.Error.Code}].", [record.Topic], ex.Error.IsFatal, ex);
    }
}
