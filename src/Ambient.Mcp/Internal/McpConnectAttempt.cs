namespace Ambient.Mcp.Internal;

/// <summary>A live session, or why there is none (a message the model may read).</summary>
internal readonly record struct McpConnectAttempt(McpServerSession? Session, string Failure)
{
    public static McpConnectAttempt Connected(McpServerSession session) => new(session, string.Empty);

    public static McpConnectAttempt Failed(string failure) => new(null, failure);
}
