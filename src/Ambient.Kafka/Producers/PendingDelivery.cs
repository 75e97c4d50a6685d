using Ambient.Abstractions.Events;
using Ambient.Abstractions.Processing;
using Confluent.Kafka;

namespace Ambient.Kafka.Producers;

/// <summary>
/// One record waiting for its delivery report. Continuations run on the thread pool, never on the client's
/// delivery-report thread, which serves every record of the producer.
/// </summary>
internal sealed class PendingDelivery(OutgoingRecord record, Func<bool> closing) : TaskCompletionSource<EventCoordinates>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    /// <summary>The producer's delivery handler: where the record landed, or why it was not acknowledged.</summary>
    public void OnDelivered(DeliveryReport<string?, byte[]> report)
    {
        if (report.Error.IsError)
        {
            // librdkafka fails a record with "broker handle destroyed" when its topic is deleted while it is in flight,
            // as well as when the producer closes. While the producer is open, it is the topic that went: no retry helps.
            var error = report.Error.Code == ErrorCode.Local_Destroy && !closing()
                ? new Error(ErrorCode.UnknownTopicOrPart, $"{report.Error.Reason}: the topic was deleted while the record was in flight")
                : report.Error;
            TrySetException(NotPublished(record, new ProduceException<string?, byte[]>(error, report)));
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
        var failure = FailureOf(ex.Error.Code);
        var hint = failure switch
        {
            KafkaFailure.TooLarge => string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $" The record is {record.Value.Length} bytes of value; raise the topic's max.message.bytes and the producer's message.max.bytes, or send less."),
            KafkaFailure.NotAuthorized => " The client's Kafka user is not allowed to write this topic; grant it (KafkaUser ACL).",
            KafkaFailure.UnknownTopic => " Create the topic (ambient topics init) or fix its name in configuration.",
            _ => string.Empty,
        };
        return new KafkaOperationException($"Could not publish to topic '{record.Topic}'{key}: {ex.Error.Reason} [{ex.Error.Code}].{hint}", [record.Topic], ex.Error.IsFatal, failure, ex);
    }

    /// <summary>Which failures no retry of the same record can fix.</summary>
    internal static KafkaFailure FailureOf(ErrorCode code) => code switch
    {
        ErrorCode.MsgSizeTooLarge or ErrorCode.RecordListTooLarge => KafkaFailure.TooLarge,
        ErrorCode.TopicAuthorizationFailed or ErrorCode.ClusterAuthorizationFailed or ErrorCode.TransactionalIdAuthorizationFailed => KafkaFailure.NotAuthorized,
        ErrorCode.UnknownTopicOrPart or ErrorCode.Local_UnknownTopic or ErrorCode.Local_UnknownPartition or ErrorCode.InvalidPartitions => KafkaFailure.UnknownTopic,
        ErrorCode.InvalidRecord or ErrorCode.InvalidMsg or ErrorCode.InvalidRequiredAcks => KafkaFailure.Invalid,
        _ => KafkaFailure.Unavailable,
    };
}
