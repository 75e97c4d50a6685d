using System.Text.Json;
using Ambient.Abstractions.Tools;
using Ambient.Mcp.Internal;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;

namespace Ambient.Mcp;

/// <summary>
/// Offers tools of Model Context Protocol servers as Ambient tools. Starts each stdio server once per agent (or connects
/// to its streamable HTTP endpoint), keeps it alive (a dead server is restarted on the next call, with backoff), and
/// stops every server process when disposed. Only the tools an agent file lists are offered, each as read or effect.
/// </summary>
public sealed class McpToolHost : IAsyncDisposable
{
    private static readonly JsonElement s_anyObject = JsonDocument.Parse("""{"type":"object"}""").RootElement.Clone();

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Agent, string Server), McpServerConnection> _connections = [];
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private bool _disposed;

    /// <summary>Creates the host; nothing starts until <see cref="StartAsync"/>.</summary>
    /// <param name="loggerFactory">Logs of the host, the MCP SDK, and the servers' stderr (at Debug).</param>
    /// <param name="timeProvider">Clock for call timeouts and restart backoff.</param>
    public McpToolHost(ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<McpToolHost>();
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Starts (or connects to) the agent's MCP servers and returns one tool per entry of each server's
    /// <see cref="McpServerSpec.Tools"/>, named <c>&lt;server&gt;.&lt;tool&gt;</c>. A server that cannot be reached does
    /// not fail the start: its tools are returned with placeholder descriptions and their calls retry the server.
    /// A server already started for this agent is reused, with the call timeout it was first started with.
    /// </summary>
    /// <param name="agent">The agent the servers belong to.</param>
    /// <param name="servers">The agent file's <c>mcpServers</c>.</param>
    /// <param name="callTimeout">How long a read tool waits for the server's answer.</param>
    /// <param name="cancellationToken">Stops waiting for the servers to start.</param>
    /// <exception cref="ArgumentException">A server spec is invalid: no command and no URL, both, a duplicate name, or a server or tool name that is not letters, digits and underscores.</exception>
    /// <exception cref="ObjectDisposedException">The host was disposed.</exception>
    public async Task<IReadOnlyList<IAmbientTool>> StartAsync(
        string agent, IReadOnlyList<McpServerSpec> servers, TimeSpan callTimeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(agent);
        ArgumentNullException.ThrowIfNull(servers);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(callTimeout, TimeSpan.Zero);
        McpServerSpecValidation.Validate(servers);

        var connections = servers.Select(spec => GetOrAdd(agent, spec, callTimeout)).ToList();
        var attempts = await Task.WhenAll(connections.Select(c => c.ConnectAsync(cancellationToken)));
        return [.. connections.Zip(attempts).SelectMany(pair => CreateTools(pair.First, pair.Second))];
    }

    /// <summary>Stops every server process this host started and closes its HTTP sessions.</summary>
    public async ValueTask DisposeAsync()
    {
        List<McpServerConnection> connections;
        lock (_gate)
        {
            _disposed = true;
            connections = [.. _connections.Values];
            _connections.Clear();
        }

        await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
    }

    private McpServerConnection GetOrAdd(string agent, McpServerSpec spec, TimeSpan callTimeout)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_connections.TryGetValue((agent, spec.Name), out var connection))
            {
                connection = new McpServerConnection(agent, spec, callTimeout, _loggerFactory, _timeProvider);
                _connections.Add((agent, spec.Name), connection);
            }

            return connection;
        }
    }

    private IEnumerable<IAmbientTool> CreateTools(McpServerConnection connection, McpConnectAttempt attempt)
    {
        var spec = connection.Spec;
        if (attempt.Session is null)
        {
            _logger.ServerUnreachableAtStart(connection.Agent, spec.Name, string.Join(", ", spec.Tools.Keys));
        }

        foreach (var (tool, kind) in spec.Tools)
        {
            Tool? listed = null;
            if (attempt.Session is { } session && !session.Tools.TryGetValue(tool, out listed))
            {
                _logger.ToolNotListed(connection.Agent, spec.Name, tool);
            }

            var descriptor = new ToolDescriptor(
                $"{spec.Name}.{tool}",
                listed is null ? $"(not listed by MCP server {spec.Name})" : listed.Description ?? string.Empty,
                listed?.InputSchema ?? s_anyObject,
                kind);
            yield return kind == ToolKind.Effect
                ? new McpEffectTool(descriptor, spec, tool)
                : new McpReadTool(descriptor, connection, tool);
        }
    }
}
