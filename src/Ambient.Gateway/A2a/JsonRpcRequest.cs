using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ambient.Gateway.A2a;

/// <summary>A JSON-RPC 2.0 request (https://www.jsonrpc.org/specification): its id (echoed), method and params object.</summary>
internal sealed record JsonRpcRequest(JsonNode? Id, string Method, JsonElement Params)
{
    /// <summary>The request in <paramref name="body"/>, or the JSON-RPC error to answer (with the id when one was readable).</summary>
    public static JsonRpcRequest? Parse(ReadOnlyMemory<byte> body, out JsonRpcError? error)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            error = new JsonRpcError(null, JsonRpcError.ParseError, $"The body is not JSON: {ex.Message}");
            return null;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            error = new JsonRpcError(null, JsonRpcError.InvalidRequest,
                root.ValueKind == JsonValueKind.Array ? "Batch requests are not supported; send one request object." : "The request must be a JSON object.");
            return null;
        }

        JsonNode? id = null;
        if (root.TryGetProperty("id", out var idElement))
        {
            if (idElement.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.Null))
            {
                error = new JsonRpcError(null, JsonRpcError.InvalidRequest, "id must be a string, a number or null.");
                return null;
            }

            id = JsonNode.Parse(idElement.GetRawText());
        }

        error = Check(root, idElement, id);
        return error is null ? new JsonRpcRequest(id, root.GetProperty("method").GetString()!, root.TryGetProperty("params", out var p) ? p : default) : null;
    }

    private static JsonRpcError? Check(JsonElement root, JsonElement idElement, JsonNode? id)
    {
        if (!root.TryGetProperty("jsonrpc", out var version) || version.ValueKind != JsonValueKind.String || version.GetString() != "2.0")
        {
            return new JsonRpcError(id, JsonRpcError.InvalidRequest, "jsonrpc must be \"2.0\".");
        }

        if (idElement.ValueKind == JsonValueKind.Undefined)
        {
            // A notification expects no answer, but every A2A call has a result the client needs.
            return new JsonRpcError(null, JsonRpcError.InvalidRequest, "id is required: A2A methods are requests, not notifications.");
        }

        if (!root.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(method.GetString()))
        {
            return new JsonRpcError(id, JsonRpcError.InvalidRequest, "method must be a non-empty string.");
        }

        return root.TryGetProperty("params", out var parameters) && parameters.ValueKind != JsonValueKind.Object
            ? new JsonRpcError(id, JsonRpcError.InvalidParams, "params must be an object.")
            : null;
    }
}
