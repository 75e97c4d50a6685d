namespace Ambient.Executor;

/// <summary>The executor's liveness and readiness endpoints, bound from <c>Ambient:Executors:Health</c>; off unless a port is set.</summary>
public sealed class ExecutorHealthOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Ambient:Executors:Health";

    /// <summary>TCP port for <c>/healthz</c> and <c>/readyz</c> on all interfaces; 0 (the default) serves nothing. The image and manifests use 8080.</summary>
    public int Port { get; set; }
}
