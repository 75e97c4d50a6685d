using System.Globalization;
using System.Text.Json;
using Ambient.Abstractions.Tools;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Ambient.Mcp.Internal;

/// <summary>
/// An MCP tool the agent file marks <c>read</c>: tools/call on the server, bounded by the call timeout. Every failure
/// (server down, crashed, hung, rejecting the call) comes back as <see cref="ToolResult.Failed"/>; only the caller's own
/// cancellation throws.
/// </summary>
internal sealed class McpReadTool(ToolDescriptor descriptor, McpServerConnection connection, string tool) : IAmbientTool
{
    // A crash fails the pending call a moment before the process's exit is observed; wait that moment to say "exited".
    private static readonly TimeSpan s_exitGrace = TimeSpan.FromSeconds(2);

    public ToolDescriptor Descriptor => descriptor;

    private string Server => connection.Spec.Name;

    public async Task<ToolResult> InvokeAsync(ToolCall invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        using var timeout = new CancellationTokenSource(connection.CallTimeout, connection.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, connection.Stopping);
        McpServerSession? session = null;
        try
        {
            var attempt = await connection.ConnectAsync(linked.Token);
            if (attempt.Session is null)
            {
                return ToolResult.Failed(attempt.Failure);
            }

            session = attempt.Session;
            var request = new CallToolRequestParams { Name = tool, Arguments = ToDictionary(invocation.Arguments.Json) };
            var result = await session.Client.CallToolAsync(request, linked.Token);
            connection.RecordAnswer();
            return McpResults.ToToolResult(Server, tool, result);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The caller gave up: that alone throws, whatever the call failed with meanwhile.
            cancellationToken.ThrowIfCancellationRequested();
            return await FailureAsync(session, exception, timeout.IsCancellationRequested);
        }
    }

    private async Task<ToolResult> FailureAsync(McpServerSession? session, Exception exception, bool timedOut)
    {
        if (connection.Stopping.IsCancellationRequested)
        {
            return ToolResult.Failed($"MCP server '{Server}' was stopped during {tool}.");
        }

        if (exception is McpProtocolException protocolError)
        {
            // The server answered, with a JSON-RPC error (unknown tool, invalid arguments): it is alive and well.
            connection.RecordAnswer();
            return ToolResult.Failed($"MCP server '{Server}' rejected {tool}: {protocolError.Message}");
        }

        if (session is null)
        {
            return ToolResult.Failed($"MCP server '{Server}' did not start in time for {tool} (call timeout {Seconds(connection.CallTimeout)} s).");
        }

        if (!timedOut)
        {
            await ((Task)session.Client.Completion).WaitAsync(s_exitGrace, connection.TimeProvider).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (!session.IsAlive)
        {
            return ToolResult.Failed($"MCP server '{Server}' exited during {tool} ({session.EndReason}); it is restarted on a later call.");
        }

        if (timedOut)
        {
            connection.Logger.CallTimedOut(connection.Agent, Server, tool, connection.CallTimeout.TotalSeconds);
            connection.CheckAfterTimeout(session);
            return ToolResult.Failed($"MCP server '{Server}' did not answer {tool} within {Seconds(connection.CallTimeout)} s.");
        }

        // Anything else broke the session (a closed pipe, a dropped HTTP connection): start afresh on a later call.
        connection.Logger.CallFailed(connection.Agent, Server, tool, exception);
        await connection.AbandonAsync(session, $"failed during {tool}: {exception.Message}");
        return ToolResult.Failed($"MCP server '{Server}' failed during {tool}: {exception.Message}");
    }

    private static Dictionary<string, JsonElement> ToDictionary(JsonElement arguments) =>
        arguments.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
