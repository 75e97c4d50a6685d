namespace Ambient.Mcp;

/// <summary>How an effect call on an MCP server ended, as far as the caller can know.</summary>
public enum McpEffectCallKind
{
    /// <summary>The tool ran and reported success.</summary>
    Completed,

    /// <summary>The server refused: the tool reported an error, or the call was rejected (unknown tool, invalid arguments). Repeating it would not help.</summary>
    Refused,

    /// <summary>The call never left: the server could not be started or reached. Nothing happened; it is safe to call again.</summary>
    NotSent,

    /// <summary>The call was sent and no answer came (timeout, crash, dropped connection): the tool may or may not have run.</summary>
    Interrupted,
}

/// <summary>The end of one effect call: its kind and the server's text (the tool's output, its error, or why there was no answer).</summary>
public sealed record McpEffectCall(McpEffectCallKind Kind, string Text);
