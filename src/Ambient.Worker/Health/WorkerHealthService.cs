using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ambient.Worker.Health;

/// <summary>
/// Serves <c>/healthz</c> (200 while the process answers: the kubelet restarts a worker that stops answering) and
/// <c>/readyz</c> (200 when <see cref="WorkerReadiness"/> says ready, else 503 with the reason), so Kubernetes probes
/// need no ASP.NET Core in the worker. HttpListener is enough for two short answers.
/// </summary>
internal sealed partial class WorkerHealthService(WorkerHealthOptions options, WorkerReadiness readiness, ILogger<WorkerHealthService> logger)
    : BackgroundService
{
    private readonly HttpListener _listener = new();

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Bound in StartAsync so a port in use fails the start, naming the setting, instead of a silent background error.
        _listener.Prefixes.Add($"http://+:{options.Port}/");
        try
        {
            _listener.Start();
        }
        catch (HttpListenerException ex)
        {
            throw new InvalidOperationException($"{WorkerHealthOptions.SectionName}:Port {options.Port} cannot be served: {ex.Message}", ex);
        }

        LogListening(logger, options.Port);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var stop = stoppingToken.Register(_listener.Stop);
        while (!stoppingToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // the listener was stopped
            }

            // One probe at a time is plenty; the readiness answer is remembered briefly by the connectivity probe.
            await AnswerAsync(context, stoppingToken);
        }
    }

    public override void Dispose()
    {
        _listener.Close();
        base.Dispose();
    }

    private async Task AnswerAsync(HttpListenerContext context, CancellationToken cancellationToken)
    {
        var (status, body) = context.Request.Url?.AbsolutePath switch
        {
            "/healthz" => (200, "ok"),
            "/readyz" => await NotReadyBecauseAsync(cancellationToken) is { } reason ? (503, "not ready: " + reason) : (200, "ready"),
            _ => (404, "not found: use /healthz or /readyz"),
        };
        try
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/plain";
            var bytes = System.Text.Encoding.UTF8.GetBytes(body);
            await context.Response.OutputStream.WriteAsync(bytes, cancellationToken);
            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
            context.Response.Abort(); // the prober went away, or shutdown began
        }
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Health endpoints /healthz and /readyz listening on port {Port}")]
    private static partial void LogListening(ILogger logger, int port);
}
