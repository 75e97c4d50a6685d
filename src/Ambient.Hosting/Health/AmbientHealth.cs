namespace Ambient.Hosting.Health;

/// <summary>The probe paths and the tag every Ambient host shares, so manifests and checks agree on one set of names.</summary>
public static class AmbientHealth
{
    /// <summary>Liveness: 200 while the process answers. A kubelet restarts a container that stops answering it.</summary>
    public const string LivenessPath = "/healthz";

    /// <summary>Readiness: 200 when every check tagged <see cref="ReadyTag"/> is healthy, else 503 naming the failing checks.</summary>
    public const string ReadinessPath = "/readyz";

    /// <summary>Tag a health check with this to make <see cref="ReadinessPath"/> depend on it.</summary>
    public const string ReadyTag = "ready";
}
