using System.Text.Json;

namespace Ambient.Gateway.Http;

/// <summary>Parses bodies that must be one JSON object; the error names the position, never the content.</summary>
internal static class JsonBodies
{
    public static JsonDocument? TryParseObject(ReadOnlyMemory<byte> body, out string? error)
    {
        try
        {
            var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                error = null;
                return document;
            }

            document.Dispose();
            error = "The payload must be a JSON object.";
            return null;
        }
        catch (JsonException ex)
        {
            error = $"The payload is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).";
            return null;
        }
    }
}
