using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Ambient.Mcp.Internal;

/// <summary>One running session with an MCP server (for stdio, one process) and the tools it listed when it started.</summary>
internal sealed record McpServerSession(McpClient Client, IReadOnlyDictionary<string, Tool> Tools)
{
    /// <summary>False once the process exited or the connection closed.</summary>
    public bool IsAlive => !Client.Completion.IsCompleted;

    /// <summary>Why the session ended, for messages and logs (e.g. "exited with code 3").</summary>
    public string EndReason => Client.Completion.IsCompletedSuccessfully
        ? Describe(Client.Completion.GetAwaiter().GetResult()) // completed: does not block
        : "the session ended";

    /// <summary>Describes how a session completed.</summary>
    public static string Describe(ClientCompletionDetails details) => details switch
    {
        StdioClientCompletionDetails { ExitCode: { } code } => $"exited with code {code}",
        { Exception: { } exception } => exception.Message,
        _ => "the session ended",
    };
}
