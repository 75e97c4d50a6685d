using Ambient.Abstractions.Events;
using CloudNative.CloudEvents;
using Confluent.Kafka;

namespace Ambient.Kafka.CloudEvents;

/// <summary>
/// Reads a binary-mode CloudEvent: attributes from <c>ce_*</c> headers, <c>datacontenttype</c> from
/// <c>content-type</c>, data = the record value as-is. The CloudEvents SDK checks each attribute's type
/// (URI-reference, RFC 3339 timestamp, extension names), so both modes validate alike.
/// </summary>
internal static class BinaryModeReader
{
    public static AmbientEvent Read(Headers? headers, string? contentType, byte[]? value)
    {
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0);
        string? specVersion = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var header in headers ?? [])
        {
            if (!header.Key.StartsWith(CloudEventKafkaHeaders.Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (!seen.Add(header.Key))
            {
                throw HeaderText.Repeated(header.Key);
            }

            var text = HeaderText.Decode(header);
            if (header.Key == CloudEventKafkaHeaders.SpecVersion)
            {
                specVersion = text;
                continue;
            }

            try
            {
                cloudEvent.SetAttributeFromString(header.Key[CloudEventKafkaHeaders.Prefix.Length..], text);
            }
            catch (ArgumentException ex)
            {
                throw new CloudEventFormatException($"Kafka header '{header.Key}' has an invalid value '{text}': {ex.Message}", ex);
            }
        }

        CheckSpecVersion(specVersion);
        return new AmbientEvent(
            Required(cloudEvent.Id, CloudEventKafkaHeaders.Id),
            Required(cloudEvent.Source, CloudEventKafkaHeaders.Source).OriginalString,
            Required(cloudEvent.Type, CloudEventKafkaHeaders.Type),
            cloudEvent.Subject,
            cloudEvent.Time,
            contentType ?? cloudEvent.DataContentType,
            value ?? ReadOnlyMemory<byte>.Empty);
    }

    private static void CheckSpecVersion(string? specVersion)
    {
        if (specVersion is null)
        {
            throw new CloudEventFormatException(
                $"Kafka header '{CloudEventKafkaHeaders.SpecVersion}' is missing: the record is neither a binary-mode CloudEvent " +
                $"({CloudEventKafkaHeaders.SpecVersion}, {CloudEventKafkaHeaders.Id}, {CloudEventKafkaHeaders.Source} and {CloudEventKafkaHeaders.Type} headers) " +
                $"nor a structured one ({CloudEventKafkaHeaders.ContentType} {CloudEventKafkaHeaders.StructuredJsonMediaType}).");
        }

        if (specVersion != CloudEventKafkaHeaders.SpecVersion10)
        {
            throw new CloudEventFormatException(
                $"Kafka header '{CloudEventKafkaHeaders.SpecVersion}' is '{specVersion}'; only CloudEvents {CloudEventKafkaHeaders.SpecVersion10} is supported.");
        }
    }

    private static T Required<T>(T? value, string header) where T : class =>
        value ?? throw new CloudEventFormatException($"Kafka header '{header}' is missing; binary-mode CloudEvents require it.");
}
