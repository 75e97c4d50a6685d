using Ambient.Kafka;

namespace Ambient.Gateway.Delivery;

/// <summary>Log messages of the delivery path; ids and types only, never bodies or secrets.</summary>
internal static partial class DeliveryLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Accepted {Type} {Id} on {Topic}")]
    public static partial void Accepted(this ILogger logger, string topic, string type, string id);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Repeated delivery of {Type} {Id} for {Topic} answered without writing it again")]
    public static partial void Duplicate(this ILogger logger, string topic, string type, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka did not take {Type} {Id} on {Topic} ({Failure}): {Reason} ({HeldBack} more since the last such line)")]
    public static partial void NotAcknowledged(this ILogger logger, string topic, string type, string id, KafkaFailure failure, string reason, int heldBack);

    [LoggerMessage(Level = LogLevel.Information, Message = "Remembered {Count} deliveries from the last {Window} of {Topics}; accepting deliveries")]
    public static partial void Rebuilt(this ILogger logger, int count, TimeSpan window, string topics);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read recent deliveries from Kafka yet, answering 503 until it can: {Reason}")]
    public static partial void RebuildFailed(this ILogger logger, string reason);
}
