using Microsoft.Extensions.Logging;

namespace Ambient.Mcp.Internal;

/// <summary>Log messages of the MCP tool host. Failures and restarts are warnings; nothing is logged per call above Debug.</summary>
internal static partial class McpLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {Agent}: MCP server {Server} started with {ToolCount} tools listed")]
    public static partial void ServerStarted(this ILogger logger, string agent, string server, int toolCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent}: MCP server {Server} {Reason}; next start in {DelaySeconds} s")]
    public static partial void ServerStartFailed(this ILogger logger, string agent, string server, string reason, double delaySeconds, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent}: MCP server {Server} {Reason}; it is restarted on a call after {DelaySeconds} s")]
    public static partial void ServerEnded(this ILogger logger, string agent, string server, string reason, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent}: MCP server {Server} could not be reached at start; its tools {Tools} are offered with placeholder descriptions and each call retries the server")]
    public static partial void ServerUnreachableAtStart(this ILogger logger, string agent, string server, string tools);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent}: MCP server {Server} does not list tool {Tool}, which the agent file names; it is offered with a placeholder description")]
    public static partial void ToolNotListed(this ILogger logger, string agent, string server, string tool);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent}: MCP server {Server} did not answer {Tool} within {TimeoutSeconds} s")]
    public static partial void CallTimedOut(this ILogger logger, string agent, string server, string tool, double timeoutSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent}: MCP server {Server} failed during {Tool}")]
    public static partial void CallFailed(this ILogger logger, string agent, string server, string tool, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "MCP server {Server} stderr: {Line}")]
    public static partial void StandardError(this ILogger logger, string server, string line);
}
