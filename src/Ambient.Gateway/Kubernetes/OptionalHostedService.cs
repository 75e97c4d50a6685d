namespace Ambient.Gateway.Kubernetes;

/// <summary>Runs a hosted service only when it is enabled, decided from configuration when the host starts.</summary>
internal sealed class OptionalHostedService(IHostedService? inner) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => inner?.StartAsync(cancellationToken) ?? Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => inner?.StopAsync(cancellationToken) ?? Task.CompletedTask;
}
