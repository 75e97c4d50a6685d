using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ambient.Hosting.Health;

/// <summary>
/// <c>/healthz</c> and <c>/readyz</c> for a host that is not a web application (the worker): a Kestrel of its own on one
/// port, answering from the host's <see cref="HealthCheckService"/>. An empty web application, not the host's: it reads
/// no <c>ASPNETCORE_*</c> setting (the ASP.NET base image sets <c>ASPNETCORE_HTTP_PORTS=8080</c>), serves nothing else,
/// and its limits fit a probe, not a client.
/// </summary>
internal sealed class HealthServerHostedService(int port, string portSetting, IServiceProvider services) : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan s_requestTimeout = TimeSpan.FromSeconds(5);
    private WebApplication? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.ListenAnyIP(port, listen => listen.Protocols = HttpProtocols.Http1);
            kestrel.AddServerHeader = false;
            // A kubelet sends one short GET with a few headers and no body; anything bigger is not a probe.
            kestrel.Limits.MaxRequestLineSize = 2 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 8 * 1024;
            kestrel.Limits.MaxRequestHeaderCount = 32;
            kestrel.Limits.MaxRequestBodySize = 0;
            kestrel.Limits.MaxConcurrentConnections = 16;
            kestrel.Limits.MaxConcurrentUpgradedConnections = 0;
            kestrel.Limits.KeepAliveTimeout = s_requestTimeout;
            kestrel.Limits.RequestHeadersTimeout = s_requestTimeout;
        });
        builder.Services.AddRoutingCore();
        // The host's checks, logging (its filters keep Kestrel's per-request lines out) and lifetime, not copies:
        // the host's SIGTERM handling stops this server as one of its hosted services, last.
        builder.Services.AddSingleton(services.GetRequiredService<HealthCheckService>());
        builder.Services.AddSingleton(services.GetRequiredService<ILoggerFactory>());
        builder.Services.AddSingleton<IHostLifetime, HostOwnedLifetime>();
        var server = builder.Build();
        server.MapAmbientHealthEndpoints();
        try
        {
            await server.StartAsync(cancellationToken);
        }
        catch (IOException ex)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"{portSetting} {port} cannot be served: {ex.Message}", ex);
        }

        _server = server;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _server?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>No console or signal handling of its own: the host that owns this server starts and stops it.</summary>
    private sealed class HostOwnedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
