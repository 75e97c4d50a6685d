namespace Ambient.Worker.Health;

/// <summary>The worker's liveness and readiness endpoints, bound from <c>Ambient:Worker:Health</c>; off unless a port is set.</summary>
public sealed class WorkerHealthOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Ambient:Worker:Health";

    /// <summary>TCP port for <c>/healthz</c> and <c>/readyz</c> on all interfaces; 0 (the default) serves nothing. The manifests use 8080.</summary>
    public int Port { get; set; }

    /// <summary>How often an agent held because its own model is out (<c>onFallback: pause</c>) tries that model again.</summary>
    public TimeSpan ModelTrialInterval { get; set; } = TimeSpan.FromSeconds(30);
}
