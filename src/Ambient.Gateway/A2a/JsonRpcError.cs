using System.Text.Json.Nodes;

namespace Ambient.Gateway.A2a;

/// <summary>A JSON-RPC error answer: the standard codes and A2A's own (a2a.json, <c>A2AError</c>).</summary>
internal sealed record JsonRpcError(JsonNode? Id, int Code, string Message)
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;
    public const int TaskNotFound = -32001;
    public const int UnsupportedOperation = -32004;

    public JsonObject ToJson() => new()
    {
        ["jsonrpc"] = "2.0",
        ["id"] = Id?.DeepClone(),
        ["error"] = new JsonObject { ["code"] = Code, ["message"] = Message },
    };
}
