using Ambient.Abstractions.Tools;
using ModelContextProtocol.Protocol;

namespace Ambient.Mcp.Internal;

/// <summary>Turns an MCP tools/call result into what the model reads.</summary>
internal static class McpResults
{
    public static ToolResult ToToolResult(string server, string tool, CallToolResult result)
    {
        var text = Text(result);
        if (result.IsError is true)
        {
            return ToolResult.Failed(text.Length > 0 ? text : $"MCP tool {tool} on server '{server}' reported an error without a message.");
        }

        // Structured content is the tool's own JSON; its text blocks usually repeat it, so it wins.
        return result.StructuredContent is { ValueKind: not (System.Text.Json.JsonValueKind.Undefined or System.Text.Json.JsonValueKind.Null) } json
            ? ToolResult.Content(json)
            : ToolResult.Content(text);
    }

    /// <summary>The result's content blocks as text, one per line.</summary>
    public static string Text(CallToolResult result) => string.Join('\n', result.Content.Select(Describe));

    // The model reads text; binary blocks are named, not inlined, so a screenshot cannot flood its context.
    private static string Describe(ContentBlock block) => block switch
    {
        TextContentBlock text => text.Text,
        ImageContentBlock image => $"[image ({image.MimeType}) not shown]",
        AudioContentBlock audio => $"[audio ({audio.MimeType}) not shown]",
        ResourceLinkBlock link => $"[resource {link.Uri}]",
        EmbeddedResourceBlock embedded => $"[embedded resource {embedded.Resource.Uri} not shown]",
        _ => $"[{block.Type} content not shown]",
    };
}
