using System.Text.Json;
using Ambient.Abstractions.A2a;

namespace Ambient.Gateway.A2a;

/// <summary>
/// Reads the <c>Message</c> of a send request, in A2A v1 ProtoJSON or A2A 0.3 JSON, into the binding's
/// <see cref="A2aMessage"/>: text, data (as JSON text) and file-by-URL parts. Every refusal says what to change.
/// </summary>
internal static class A2aMessageReader
{
    public static A2aMessage? Read(JsonElement message, out string? error)
    {
        error = null;
        if (message.ValueKind != JsonValueKind.Object)
        {
            error = "params.message must be an object.";
            return null;
        }

        var messageId = String(message, "messageId", "message_id");
        if (string.IsNullOrWhiteSpace(messageId))
        {
            error = "params.message.messageId is required (a unique id chosen by the sender).";
            return null;
        }

        if (String(message, "role") is { } role && role is not ("ROLE_USER" or "user"))
        {
            error = $"params.message.role must be ROLE_USER (or user), not '{role}': the gateway takes requests from clients.";
            return null;
        }

        if (!message.TryGetProperty("parts", out var parts) || parts.ValueKind != JsonValueKind.Array || parts.GetArrayLength() == 0)
        {
            error = "params.message.parts must be a non-empty array.";
            return null;
        }

        var read = new List<A2aPart>();
        var index = 0;
        foreach (var part in parts.EnumerateArray())
        {
            if (ReadPart(part, $"params.message.parts[{index++}]", out error) is not { } value)
            {
                return null;
            }

            read.Add(value);
        }

        var metadata = message.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m.GetRawText() : null;
        return new A2aMessage(messageId, Blank(String(message, "contextId", "context_id")), Blank(String(message, "taskId", "task_id")),
            A2aRoles.User, read, metadata);
    }

    private static A2aPart? ReadPart(JsonElement part, string path, out string? error)
    {
        error = null;
        if (part.ValueKind != JsonValueKind.Object)
        {
            error = $"{path} must be an object.";
            return null;
        }

        var mediaType = String(part, "mediaType", "media_type");
        var filename = String(part, "filename");
        if (part.TryGetProperty("text", out var text))
        {
            return text.ValueKind == JsonValueKind.String ? new A2aPart(Text: text.GetString(), MediaType: mediaType) : Fail($"{path}.text must be a string.", out error);
        }

        if (part.TryGetProperty("data", out var data))
        {
            return new A2aPart(Data: data.GetRawText(), MediaType: mediaType ?? "application/json");
        }

        if (part.TryGetProperty("url", out var url))
        {
            return Url(url.ValueKind == JsonValueKind.String ? url.GetString() : null, mediaType, filename, path + ".url", out error);
        }

        if (part.TryGetProperty("file", out var file) && file.ValueKind == JsonValueKind.Object)
        {
            // A2A 0.3: {"kind": "file", "file": {"uri": ..., "mimeType": ..., "name": ...}}.
            return file.TryGetProperty("bytes", out _)
                ? Fail($"{path}.file.bytes: file content is not carried over Kafka; send the file by uri.", out error)
                : Url(String(file, "uri"), String(file, "mimeType") ?? mediaType, String(file, "name") ?? filename, path + ".file.uri", out error);
        }

        return part.TryGetProperty("raw", out _)
            ? Fail($"{path}.raw: file content is not carried over Kafka; send the file by url.", out error)
            : Fail($"{path} must have text, data, url (or file.uri).", out error);
    }

    private static A2aPart? Url(string? url, string? mediaType, string? filename, string path, out string? error)
    {
        error = null;
        return Uri.TryCreate(url, UriKind.Absolute, out _)
            ? new A2aPart(Url: url, MediaType: mediaType, Filename: filename)
            : Fail($"{path} must be an absolute URL.", out error);
    }

    private static A2aPart? Fail(string message, out string? error)
    {
        error = message;
        return null;
    }

    /// <summary>A string property by its JSON name, or its proto field name (ProtoJSON parsers accept both).</summary>
    public static string? String(JsonElement parent, string name, string? protoName = null) =>
        (parent.TryGetProperty(name, out var value) || (protoName is not null && parent.TryGetProperty(protoName, out value))) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
