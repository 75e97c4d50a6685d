using System.Text;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Processing;
using Ambient.Kafka.Internal;
using Confluent.Kafka;

namespace Ambient.Kafka.CloudEvents;

/// <summary>
/// The CloudEvents 1.0 Kafka protocol binding: Ambient writes binary content mode and reads both binary and
/// structured (JSON) mode. https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/kafka-protocol-binding.md
/// </summary>
public static class CloudEventKafkaBinding
{
    /// <summary>
    /// The event as a binary-mode Kafka message: <c>ce_specversion</c>, <c>ce_id</c>, <c>ce_source</c>, <c>ce_type</c>,
    /// <c>ce_subject</c> and <c>ce_time</c> (RFC 3339, UTC) headers when set, <c>content-type</c> = <c>datacontenttype</c>,
    /// value = the data bytes as-is (null when there is no data, as the binding specifies).
    /// </summary>
    /// <param name="cloudEvent">The event; id, source and type must be set and source must be a URI-reference.</param>
    /// <param name="key">The record key, usually from <see cref="EntityKeys"/>.</param>
    /// <exception cref="ArgumentException">A required attribute is empty or the source is not a URI-reference.</exception>
    public static Message<string?, byte[]> ToBinaryMessage(AmbientEvent cloudEvent, string? key)
    {
        var headers = new Headers();
        foreach (var (name, value) in BinaryModeHeaders.For(cloudEvent))
        {
            headers.Add(name, Encoding.UTF8.GetBytes(value));
        }

        return new Message<string?, byte[]> { Key = key, Value = RecordValues.ToValue(cloudEvent.Data)!, Headers = headers };
    }

    /// <summary>The event as a binary-mode record for an <see cref="IRecordPublisher"/>: the same headers and value as <see cref="ToBinaryMessage"/>.</summary>
    /// <param name="cloudEvent">The event; id, source and type must be set and source must be a URI-reference.</param>
    /// <param name="topic">The topic to write to.</param>
    /// <param name="key">The record key, usually from <see cref="EntityKeys"/>.</param>
    /// <exception cref="ArgumentException">A required attribute is empty or the source is not a URI-reference.</exception>
    public static OutgoingRecord ToOutgoingRecord(AmbientEvent cloudEvent, string topic, string? key)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        return new OutgoingRecord(topic, key, cloudEvent.Data, new Dictionary<string, string>(BinaryModeHeaders.For(cloudEvent), StringComparer.Ordinal));
    }

    /// <summary>
    /// Reads the CloudEvent in a Kafka message. A <c>content-type</c> starting with <c>application/cloudevents</c> means
    /// structured mode (only <c>application/cloudevents+json</c> is read); anything else is binary mode. In both, the
    /// <c>ambient-ingress</c> header becomes <see cref="AmbientEvent.Ingress"/>.
    /// </summary>
    /// <typeparam name="TKey">The key type; the key is not part of the event.</typeparam>
    /// <param name="message">The message, e.g. <c>ConsumeResult.Message</c>.</param>
    /// <exception cref="CloudEventFormatException">The message is not a valid CloudEvent; the message names the header or attribute at fault.</exception>
    public static AmbientEvent FromMessage<TKey>(Message<TKey, byte[]> message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var contentType = HeaderText.Single(message.Headers, CloudEventKafkaHeaders.ContentType);
        var cloudEvent = contentType is not null && contentType.StartsWith(CloudEventKafkaHeaders.CloudEventsMediaTypePrefix, StringComparison.OrdinalIgnoreCase)
            ? StructuredModeReader.Read(contentType, message.Value)
            : BinaryModeReader.Read(message.Headers, contentType, message.Value);
        return HeaderText.Single(message.Headers, CloudEventKafkaHeaders.Ingress) is { } ingress ? cloudEvent with { Ingress = ingress } : cloudEvent;
    }
}
