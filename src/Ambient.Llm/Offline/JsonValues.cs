using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ambient.Llm.Offline;

/// <summary>How offline rules see JSON values: as text for comparisons and interpolation, as nodes for arguments.</summary>
internal static class JsonValues
{
    /// <summary>A JSON null counts as absent: <c>exists</c> is false for it and it renders as nothing.</summary>
    public static bool IsPresent(JsonElement value) => value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);

    /// <summary>Strings without quotes, numbers and booleans as written, objects and arrays as compact JSON, null as empty.</summary>
    public static string ToText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? string.Empty,
        JsonValueKind.Null or JsonValueKind.Undefined => string.Empty,
        JsonValueKind.Object or JsonValueKind.Array => JsonSerializer.Serialize(value),
        _ => value.GetRawText(),
    };

    /// <summary>A detached node holding the same JSON value (null for JSON null).</summary>
    /// <remarks>Nodes created from an element read it lazily, so the element is cloned: the event's document is released when its run ends.</remarks>
    public static JsonNode? ToNode(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => JsonObject.Create(value.Clone()),
        JsonValueKind.Array => JsonArray.Create(value.Clone()),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => JsonValue.Create(value.Clone()),
    };
}
