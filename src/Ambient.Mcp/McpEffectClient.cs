using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ambient.Abstractions.Tools;
using Ambient.Mcp.Internal;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Ambient.Mcp;

/// <summary>
/// One MCP server as the executor calls it: the effect tools agents proposed, each call carrying its action id as an
/// idempotency key in <c>_meta</c> (<see cref="IdempotencyKeyMeta"/>) so a server that keeps keys can refuse a repeat.
/// The server is started (or connected to) on the first call, supervised and restarted as the worker's are, and
/// stopped when disposed. Unlike a read tool, a call's failure says whether the tool may have run.
/// </summary>
public sealed class McpEffectClient : IAsyncDisposable
{
    /// <summary>The <c>_meta</c> key of the action id on every tools/call.</summary>
    public const string IdempotencyKeyMeta = "io.ambient/idempotency-key";

    private readonly McpServerConnection _connection;

    /// <summary>Creates the client; nothing starts until the first call.</summary>
    /// <param name="spec">The server: stdio command or streamable HTTP URL. Its <see cref="McpServerSpec.Tools"/> are not consulted.</param>
    /// <param name="callTimeout">How long a call waits for the server's answer.</param>
    /// <param name="loggerFactory">Logs of the connection, the MCP SDK, and the server's stderr (at Debug).</param>
    /// <param name="timeProvider">Clock for call timeouts and restart backoff.</param>
    /// <exception cref="ArgumentException">The spec has no command and no URL, or both.</exception>
    public McpEffectClient(McpServerSpec spec, TimeSpan callTimeout, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(callTimeout, TimeSpan.Zero);
        McpServerSpecValidation.Validate([spec]);
        _connection = new McpServerConnection("executor", spec, callTimeout, loggerFactory, timeProvider);
    }

    /// <summary>The server's name.</summary>
    public string Server => _connection.Spec.Name;

    /// <summary>Calls <paramref name="tool"/> with <paramref name="arguments"/> (a JSON object) once. Only the caller's cancellation throws.</summary>
    public async Task<McpEffectCall> CallAsync(string tool, JsonElement arguments, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tool);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        if (arguments.ValueKind != JsonValueKind.Object)
        {
            return new McpEffectCall(McpEffectCallKind.Refused, $"the arguments of {tool} must be a JSON object, not {arguments.ValueKind}");
        }

        using var timeout = new CancellationTokenSource(_connection.CallTimeout, _connection.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, _connection.Stopping);
        McpConnectAttempt attempt;
        try
        {
            attempt = await _connection.ConnectAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            attempt = McpConnectAttempt.Failed($"MCP server '{Server}' did not start within the call timeout ({Seconds(_connection.CallTimeout)} s)");
        }

        if (attempt.Session is not { } session)
        {
            return new McpEffectCall(McpEffectCallKind.NotSent, attempt.Failure);
        }

        try
        {
            var request = new CallToolRequestParams
            {
                Name = tool,
                Arguments = arguments.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal),
                Meta = new JsonObject { [IdempotencyKeyMeta] = idempotencyKey },
            };
            var result = await session.Client.CallToolAsync(request, linked.Token);
            _connection.RecordAnswer();
            var text = McpResults.Text(result);
            return result.IsError is true
                ? new McpEffectCall(McpEffectCallKind.Refused, text.Length > 0 ? text : $"{tool} reported an error without a message")
                : new McpEffectCall(McpEffectCallKind.Completed, text);
        }
        catch (McpProtocolException rejected)
        {
            // A JSON-RPC error (unknown tool, invalid arguments): the server answered, and did not run the tool.
            _connection.RecordAnswer();
            return new McpEffectCall(McpEffectCallKind.Refused, $"MCP server '{Server}' rejected {tool}: {rejected.Message}");
        }
        catch (Exception exception) when (exception is not OutOfMemoryException && !cancellationToken.IsCancellationRequested)
        {
            return new McpEffectCall(McpEffectCallKind.Interrupted, await InterruptionAsync(session, tool, exception, timeout.IsCancellationRequested));
        }
    }

    /// <summary>Stops the server process (stdio) or closes the session (HTTP).</summary>
    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private async Task<string> InterruptionAsync(McpServerSession session, string tool, Exception exception, bool timedOut)
    {
        if (timedOut)
        {
            _connection.CheckAfterTimeout(session);
            return $"MCP server '{Server}' did not answer {tool} within {Seconds(_connection.CallTimeout)} s";
        }

        // Whatever broke the session (an exit, a closed pipe, a dropped connection), the next call starts afresh.
        await _connection.AbandonAsync(session, $"failed during {tool}: {exception.Message}");
        return $"MCP server '{Server}' failed during {tool}: {exception.Message}";
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
