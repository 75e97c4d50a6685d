using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ambient.Worker.Health;

/// <summary>
/// Serves <c>/healthz</c> (200 while the process answers: the kubelet restarts a worker that stops answering) and
/// <c>/readyz</c> (200 when <see cref="WorkerReadiness"/> says ready, else 503 with the reason), so Kubernetes probes
/// need no ASP.NET Core in the worker. A few lines of HTTP/1.1 over a socket, not HttpListener: its managed listener
/// crashes the process (ArgumentNullException in HttpEndPointListener's constructor) when a probe connects while it
/// starts, which is exactly when the kubelet probes.
/// </summary>
internal sealed partial class WorkerHealthService(WorkerHealthOptions options, WorkerReadiness readiness, ILogger<WorkerHealthService> logger)
    : BackgroundService
{
    private const int MaxRequestBytes = 8 * 1024;
    private static readonly TimeSpan s_requestTimeout = TimeSpan.FromSeconds(5);
    private TcpListener? _listener;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Bound in StartAsync so a port in use fails the start, naming the setting, instead of a silent background error.
        try
        {
            _listener = Listen(options.Port);
        }
        catch (SocketException ex)
        {
            throw new InvalidOperationException($"{WorkerHealthOptions.SectionName}:Port {options.Port} cannot be served: {ex.Message}", ex);
        }

        LogListening(logger, options.Port);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener!.AcceptTcpClientAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return; // stopping
            }

            // One probe at a time: each is bounded by the request timeout, and probes are rare.
            using (client)
            {
                await AnswerAsync(client, stoppingToken);
            }
        }
    }

    public override void Dispose()
    {
        _listener?.Stop();
        _listener?.Dispose();
        base.Dispose();
    }

    /// <summary>All interfaces, IPv6 and IPv4 where the host has IPv6, else IPv4 only.</summary>
    private static TcpListener Listen(int port)
    {
        try
        {
            var dual = new TcpListener(IPAddress.IPv6Any, port);
            dual.Server.DualMode = true;
            dual.Start();
            return dual;
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.AddressFamilyNotSupported or SocketError.ProtocolNotSupported)
        {
            var ipv4 = new TcpListener(IPAddress.Any, port);
            ipv4.Start();
            return ipv4;
        }
    }

    private async Task AnswerAsync(TcpClient client, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(s_requestTimeout);
        try
        {
            var stream = client.GetStream();
            var path = await ReadPathAsync(stream, timeout.Token);
            var (status, body) = path switch
            {
                "/healthz" => (200, "ok"),
                "/readyz" => await NotReadyBecauseAsync(timeout.Token) is { } reason ? (503, "not ready: " + reason) : (200, "ready"),
                null => (400, "bad request"),
                _ => (404, "not found: use /healthz or /readyz"),
            };
            var content = Encoding.UTF8.GetBytes(body);
            var head = Encoding.ASCII.GetBytes($"HTTP/1.1 {status} {Reason(status)}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {content.Length}\r\nConnection: close\r\n\r\n");
            await stream.WriteAsync(head, timeout.Token);
            await stream.WriteAsync(content, timeout.Token);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            // The prober went away, was too slow, or shutdown began: nothing to answer.
        }
    }

    /// <summary>The path of a request's first line once its head has arrived, or null when it is not HTTP.</summary>
    private static async Task<string?> ReadPathAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxRequestBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                break;
            }

            length += read;
            if (buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) >= 0)
            {
                break;
            }
        }

        var head = Encoding.ASCII.GetString(buffer, 0, length);
        var parts = head.Split("\r\n", 2)[0].Split(' ');
        return parts is [_, var target, var version] && version.StartsWith("HTTP/", StringComparison.Ordinal) ? target.Split('?')[0] : null;
    }

    private async Task<string?> NotReadyBecauseAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await readiness.NotReadyBecauseAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return "stopping";
        }
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        _ => "Service Unavailable",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Health endpoints /healthz and /readyz listening on port {Port}")]
    private static partial void LogListening(ILogger logger, int port);
}
