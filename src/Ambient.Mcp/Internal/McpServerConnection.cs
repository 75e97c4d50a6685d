using Ambient.Abstractions.Tools;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;

namespace Ambient.Mcp.Internal;

/// <summary>
/// One agent's MCP server: starts it, notices when it dies, and restarts it on demand with backoff. Starts are serialized
/// (one pending start at a time, shared by every caller); calls on a live session run concurrently.
/// </summary>
internal sealed class McpServerConnection : IAsyncDisposable
{
    // A dotnet or node server can take seconds to start on a busy node: the call timeout bounds answers, not starts.
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_pingTimeout = TimeSpan.FromSeconds(5);
    private const int MaxStandardErrorLine = 1000;

    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly RestartBackoff _backoff;
    private McpServerSession? _session;
    private Task<McpConnectAttempt>? _starting;
    private Task _healthCheck = Task.CompletedTask;
    private string _lastFailure = "not started yet";
    private bool _disposed;

    public McpServerConnection(string agent, McpServerSpec spec, TimeSpan callTimeout, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        Agent = agent;
        Spec = spec;
        CallTimeout = callTimeout;
        _loggerFactory = new McpSdkLoggerFactory(loggerFactory);
        _logger = loggerFactory.CreateLogger<McpToolHost>();
        _timeProvider = timeProvider;
        _backoff = new RestartBackoff(timeProvider);
    }

    public string Agent { get; }

    public McpServerSpec Spec { get; }

    public TimeSpan CallTimeout { get; }

    public TimeProvider TimeProvider => _timeProvider;

    public ILogger Logger => _logger;

    /// <summary>Cancelled when the host stops.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>The live session; otherwise starts one (or joins the pending start), unless the server is backing off.</summary>
    public Task<McpConnectAttempt> ConnectAsync(CancellationToken cancellationToken)
    {
        Task<McpConnectAttempt> starting;
        lock (_gate)
        {
            if (_disposed)
            {
                return Task.FromResult(McpConnectAttempt.Failed($"MCP server '{Spec.Name}' is stopped."));
            }

            if (_session is { } session)
            {
                if (session.IsAlive)
                {
                    return Task.FromResult(McpConnectAttempt.Connected(session));
                }

                // It died and the exit callback has not run yet: account for it here, once.
                EndSessionLocked(session.EndReason);
            }

            if (_starting is { IsCompleted: false } pending)
            {
                starting = pending;
            }
            else if (_backoff.Remaining() is { } wait)
            {
                return Task.FromResult(McpConnectAttempt.Failed(
                    $"MCP server '{Spec.Name}' is unavailable ({_lastFailure}); the next start is tried in {Math.Ceiling(wait.TotalSeconds)} s."));
            }
            else
            {
                // Task.Run: the process is started outside the lock.
                _starting = starting = Task.Run(StartSessionAsync, CancellationToken.None);
            }
        }

        return starting.WaitAsync(cancellationToken);
    }

    /// <summary>The server answered a call: a later failure starts the backoff afresh.</summary>
    public void RecordAnswer()
    {
        lock (_gate)
        {
            _backoff.Reset();
        }
    }

    /// <summary>After a call timed out: ping the server in the background and restart it if it does not answer.</summary>
    public void CheckAfterTimeout(McpServerSession session)
    {
        lock (_gate)
        {
            if (!_disposed && _healthCheck.IsCompleted)
            {
                _healthCheck = Task.Run(() => PingOrRestartAsync(session), CancellationToken.None);
            }
        }
    }

    /// <summary>Ends a session judged broken (its transport failed); the next call starts a new one after the backoff.</summary>
    public async Task AbandonAsync(McpServerSession session, string reason)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_session, session) || _disposed)
            {
                return;
            }

            EndSessionLocked(reason);
        }

        // Disposing the client closes stdin and, after the shutdown timeout, kills the process tree.
        await session.Client.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        McpServerSession? session;
        Task? starting;
        Task healthCheck;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            session = _session;
            _session = null;
            starting = _starting;
            healthCheck = _healthCheck;
        }

        await _stopping.CancelAsync();
        if (starting is not null)
        {
            await starting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await healthCheck.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (session is not null)
        {
            await session.Client.DisposeAsync();
        }
    }

    private async Task<McpConnectAttempt> StartSessionAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(s_startTimeout);
        McpClient? client = null;
        try
        {
            var transport = McpTransports.Create(Spec, OnStandardErrorLine, _loggerFactory);
            client = await McpClient.CreateAsync(transport, clientOptions: null, _loggerFactory, timeout.Token);
            var tools = await client.ListToolsAsync(cancellationToken: timeout.Token);
            var session = new McpServerSession(client, tools.ToDictionary(t => t.Name, t => t.ProtocolTool, StringComparer.Ordinal));
            lock (_gate)
            {
                if (!_disposed)
                {
                    _session = session;
                    client = null;
                }
            }

            if (client is not null)
            {
                await client.DisposeAsync();
                return McpConnectAttempt.Failed($"MCP server '{Spec.Name}' is stopped.");
            }

            // Bookkeeping only (no I/O), so a server that dies while idle is logged when it dies, not at the next call.
            _ = WatchAsync(session);
            _logger.ServerStarted(Agent, Spec.Name, session.Tools.Count);
            return McpConnectAttempt.Connected(session);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            if (client is not null)
            {
                await client.DisposeAsync();
            }

            if (_stopping.IsCancellationRequested)
            {
                return McpConnectAttempt.Failed($"MCP server '{Spec.Name}' is stopped.");
            }

            var reason = timeout.IsCancellationRequested
                ? $"did not start within {s_startTimeout.TotalSeconds} s"
                : $"could not start: {exception.Message}";
            TimeSpan delay;
            lock (_gate)
            {
                _lastFailure = reason;
                delay = _backoff.RecordFailure();
            }

            _logger.ServerStartFailed(Agent, Spec.Name, reason, delay.TotalSeconds, exception);
            return McpConnectAttempt.Failed($"MCP server '{Spec.Name}' {reason}; the next start is tried in {delay.TotalSeconds} s.");
        }
    }

    private async Task PingOrRestartAsync(McpServerSession session)
    {
        using var timeout = new CancellationTokenSource(s_pingTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stopping.Token);
        try
        {
            await session.Client.PingAsync(cancellationToken: linked.Token);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException && !_stopping.IsCancellationRequested)
        {
            await AbandonAsync(session, "did not answer a ping after a call timed out, so it was stopped");
        }
    }

    private async Task WatchAsync(McpServerSession session)
    {
        // Completion always completes successfully, with why the session ended.
        var reason = McpServerSession.Describe(await session.Client.Completion);
        lock (_gate)
        {
            if (ReferenceEquals(_session, session) && !_disposed)
            {
                EndSessionLocked(reason);
            }
        }
    }

    private void EndSessionLocked(string reason)
    {
        _session = null;
        _lastFailure = reason;
        var delay = _backoff.RecordFailure();
        _logger.ServerEnded(Agent, Spec.Name, reason, delay.TotalSeconds);
    }

    private void OnStandardErrorLine(string line)
    {
        // Bounded: one Debug record per line, each cut to a fixed length; nothing is buffered here.
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            _logger.StandardError(Spec.Name, line.Length > MaxStandardErrorLine ? line[..MaxStandardErrorLine] : line);
        }
    }
}
