namespace Ambient.Deployment.Tests.Images;

/// <summary>
/// One container as a compose service or a Kubernetes Deployment declares it, resolved for this machine: the image's
/// Dockerfile, the environment and arguments it is given, directories mounted into it (image path → local directory),
/// and the port and paths its probes use (null: it serves no HTTP, e.g. a one-shot job).
/// </summary>
internal sealed record ContainerSpec(
    string Name,
    string Dockerfile,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Mounts,
    int? HttpPort,
    string LivenessPath = "/healthz",
    string ReadinessPath = "/readyz");
