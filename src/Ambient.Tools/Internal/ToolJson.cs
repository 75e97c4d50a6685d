using System.Text.Json;
using System.Text.Json.Nodes;
using Ambient.Abstractions.Tools;

namespace Ambient.Tools.Internal;

/// <summary>Turns a tool's summary, built as a <see cref="JsonObject"/>, into a content result.</summary>
internal static class ToolJson
{
    public static ToolResult Content(JsonObject summary) => ToolResult.Content(JsonSerializer.SerializeToElement(summary));
}
