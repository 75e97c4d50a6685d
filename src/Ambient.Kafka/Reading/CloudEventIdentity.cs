using Ambient.Kafka.CloudEvents;
using Confluent.Kafka;

namespace Ambient.Kafka.Reading;

/// <summary>
/// Who a binary-mode CloudEvent record is, from its headers: <c>source</c> and <c>id</c> (unique per event, as CloudEvents
/// promise), how it entered Ambient (<c>ambient-ingress</c>, null on records older than that header) and when it was written.
/// </summary>
public sealed record CloudEventIdentity(string Source, string Id, string? Ingress, DateTimeOffset WrittenAt)
{
    internal static CloudEventIdentity? FromHeaders(Message<string?, byte[]> message)
    {
        try
        {
            var source = HeaderText.Single(message.Headers, CloudEventKafkaHeaders.Source);
            var id = HeaderText.Single(message.Headers, CloudEventKafkaHeaders.Id);
            return source is null || id is null
                ? null
                : new CloudEventIdentity(source, id, HeaderText.Single(message.Headers, CloudEventKafkaHeaders.Ingress), message.Timestamp.UtcDateTime);
        }
        catch (CloudEventFormatException)
        {
            // Not a binary-mode CloudEvent the gateway wrote: nobody's delivery to remember.
            return null;
        }
    }
}
