using System.Globalization;
using System.Text;
using System.Text.Json;
using Ambient.Abstractions.Events;
using Microsoft.Net.Http.Headers;

namespace Ambient.Gateway.Events;

/// <summary>
/// Reads a CloudEvent from an HTTP request, per the CloudEvents 1.0 HTTP binding: structured mode
/// (<c>application/cloudevents+json</c>, the whole event in the body) or binary mode (<c>ce-*</c> headers, the body
/// is the data). https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/http-protocol-binding.md
/// </summary>
internal static class CloudEventHttpReader
{
    public const string StructuredMediaType = "application/cloudevents+json";

    /// <summary>The event and its <c>partitionkey</c> extension, or null with <paramref name="error"/> naming the attribute at fault.</summary>
    public static (AmbientEvent Event, string? PartitionKey)? Read(HttpRequest request, ReadOnlyMemory<byte> body, out string? error)
    {
        var contentType = request.ContentType;
        var mediaType = MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? parsed.MediaType.ToString() : null;
        if (mediaType is not null && mediaType.StartsWith("application/cloudevents", StringComparison.OrdinalIgnoreCase))
        {
            if (!mediaType.Equals(StructuredMediaType, StringComparison.OrdinalIgnoreCase))
            {
                error = $"Content-Type '{mediaType}' is not accepted; send one event as {StructuredMediaType} or in binary mode.";
                return null;
            }

            return ReadStructured(body, out error);
        }

        var headers = request.Headers;
        return Build(headers["ce-specversion"], headers["ce-id"], headers["ce-source"], headers["ce-type"], NullIfEmpty(headers["ce-subject"]),
            NullIfEmpty(headers["ce-time"]), contentType, body, NullIfEmpty(headers["ce-partitionkey"]), "header ce-", out error);
    }

    private static (AmbientEvent, string?)? ReadStructured(ReadOnlyMemory<byte> body, out string? error)
    {
        using var document = Http.JsonBodies.TryParseObject(body, out error);
        if (document is null)
        {
            return null;
        }

        var root = document.RootElement;
        var contentType = Text(root, "datacontenttype");
        ReadOnlyMemory<byte> data = ReadOnlyMemory<byte>.Empty;
        if (root.TryGetProperty("data_base64", out var base64))
        {
            if (base64.ValueKind != JsonValueKind.String || !TryBase64(base64.GetString()!, out var decoded))
            {
                error = "Attribute 'data_base64' must be a base64 string.";
                return null;
            }

            data = decoded;
        }
        else if (root.TryGetProperty("data", out var json))
        {
            // A JSON string is text data unless the content type says the string itself is the JSON value.
            data = json.ValueKind == JsonValueKind.String && !IsJson(contentType)
                ? Encoding.UTF8.GetBytes(json.GetString()!)
                : Encoding.UTF8.GetBytes(json.GetRawText());
            contentType ??= "application/json";
        }

        return Build(Text(root, "specversion"), Text(root, "id"), Text(root, "source"), Text(root, "type"), Text(root, "subject"),
            Text(root, "time"), contentType, data, Text(root, "partitionkey"), "attribute ", out error);
    }

    private static (AmbientEvent, string?)? Build(string? specVersion, string? id, string? source, string? type, string? subject,
        string? time, string? contentType, ReadOnlyMemory<byte> data, string? partitionKey, string where, out string? error)
    {
        error = specVersion != "1.0" ? $"{where}specversion must be '1.0'."
            : !Http.Names.IsId(id) ? $"{where}id is required (printable, at most 256 characters)."
            : string.IsNullOrWhiteSpace(source) || !Uri.TryCreate(source, UriKind.RelativeOrAbsolute, out _) ? $"{where}source is required and must be a URI-reference."
            : string.IsNullOrWhiteSpace(type) || type.Length > 256 ? $"{where}type is required."
            : time is not null && !DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out _) ? $"{where}time is not an RFC 3339 timestamp."
            : null;
        if (error is not null)
        {
            return null;
        }

        DateTimeOffset? at = time is null ? null : DateTimeOffset.Parse(time, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        return (new AmbientEvent(id!, source!, type!, subject, at, contentType, data), partitionKey);
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase));

    private static bool TryBase64(string text, out byte[] bytes)
    {
        bytes = new byte[(text.Length / 4 * 3) + 3];
        if (Convert.TryFromBase64String(text, bytes, out var written))
        {
            bytes = bytes[..written];
            return true;
        }

        return false;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
