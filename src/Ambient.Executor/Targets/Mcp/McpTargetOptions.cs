namespace Ambient.Executor.Targets.Mcp;

/// <summary>
/// One MCP server the executor calls effect tools on, bound from <c>Ambient:Executors:Mcp:&lt;server&gt;</c>; its actions
/// have target <c>mcp:&lt;server&gt;</c>. <c>Mode</c> and <c>Scopes:&lt;agent&gt;</c> (globs of tool names) sit beside these keys.
/// </summary>
public sealed class McpTargetOptions
{
    /// <summary>The section holding one subsection per server.</summary>
    public const string SectionName = "Ambient:Executors:Mcp";

    /// <summary>stdio: the program and its arguments (<c>Command:0</c>, <c>Command:1</c>, ...); empty for an HTTP server.</summary>
    public List<string> Command { get; } = [];

    /// <summary>Streamable HTTP: the server's endpoint; unset for a stdio server.</summary>
    public Uri? Url { get; set; }

    /// <summary>stdio: variables set for the server process.</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>How long one call waits for the server's answer before it counts as interrupted.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether a call that was interrupted (no answer came) is sent again. Off by default: the executor cannot ask an MCP
    /// server whether the tool ran, so it records the action failed rather than risk running it twice. Turn it on for a
    /// server that ignores a repeated idempotency key (<c>_meta["io.ambient/idempotency-key"]</c>, the action id).
    /// </summary>
    public bool RepeatInterrupted { get; set; }
}
