using System.Text;
using System.Text.Json;
using Ambient.Abstractions.Events;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;

namespace Ambient.Kafka.CloudEvents;

/// <summary>
/// Reads a structured-mode CloudEvent in the JSON event format: the whole event, attributes and
/// <c>data</c> or <c>data_base64</c>, is the record value. The SDK's <see cref="JsonEventFormatter"/>
/// validates the attributes; the data keeps the exact JSON text of the <c>data</c> member.
/// https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/formats/json-format.md
/// </summary>
internal static class StructuredModeReader
{
    private static readonly JsonEventFormatter s_formatter = new();

    public static AmbientEvent Read(string contentType, byte[]? value)
    {
        var mediaType = contentType.Split(';', 2)[0].Trim();
        if (!string.Equals(mediaType, CloudEventKafkaHeaders.StructuredJsonMediaType, StringComparison.OrdinalIgnoreCase))
        {
            throw new CloudEventFormatException(
                $"Kafka header '{CloudEventKafkaHeaders.ContentType}' is '{contentType}', a CloudEvents format Ambient cannot read; " +
                $"send binary mode or structured {CloudEventKafkaHeaders.StructuredJsonMediaType}.");
        }

        if (value is null or { Length: 0 })
        {
            throw new CloudEventFormatException($"The record is a structured CloudEvent ({contentType}) but has no value.");
        }

        using var document = Parse(value, contentType);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new CloudEventFormatException($"The structured CloudEvent must be a JSON object, not {root.ValueKind}.");
        }

        CheckSpecVersion(root);
        CloudEvent cloudEvent;
        try
        {
            cloudEvent = s_formatter.ConvertFromJsonElement(root, extensionAttributes: null);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            throw new CloudEventFormatException($"The structured CloudEvent is invalid: {ex.Message}", ex);
        }

        return new AmbientEvent(cloudEvent.Id!, cloudEvent.Source!.OriginalString, cloudEvent.Type!, cloudEvent.Subject,
            cloudEvent.Time, cloudEvent.DataContentType, DataBytes(cloudEvent.Data));
    }

    private static JsonDocument Parse(byte[] value, string contentType)
    {
        try
        {
            return JsonDocument.Parse(value);
        }
        catch (JsonException ex)
        {
            throw new CloudEventFormatException($"The record value is not valid JSON although its content-type is '{contentType}': {ex.Message}", ex);
        }
    }

    private static void CheckSpecVersion(JsonElement root)
    {
        if (!root.TryGetProperty("specversion", out var specVersion) || specVersion.ValueKind != JsonValueKind.String)
        {
            throw new CloudEventFormatException("The structured CloudEvent has no 'specversion' string attribute.");
        }

        if (specVersion.GetString() != CloudEventKafkaHeaders.SpecVersion10)
        {
            throw new CloudEventFormatException(
                $"The structured CloudEvent's 'specversion' is '{specVersion.GetString()}'; only CloudEvents {CloudEventKafkaHeaders.SpecVersion10} is supported.");
        }
    }

    // The SDK gives data as a JsonElement (JSON data), a string (text data) or a byte[] (data_base64).
    private static ReadOnlyMemory<byte> DataBytes(object? data) => data switch
    {
        null => ReadOnlyMemory<byte>.Empty,
        byte[] bytes => bytes,
        string text => Encoding.UTF8.GetBytes(text),
        JsonElement json => Encoding.UTF8.GetBytes(json.GetRawText()),
        _ => throw new CloudEventFormatException($"The structured CloudEvent's data has an unexpected form ({data.GetType().Name})."),
    };
}
