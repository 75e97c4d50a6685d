using System.Text.Json.Nodes;

namespace Ambient.Kubernetes.Input;

/// <summary>How an agent's workers are deployed: the fields an <c>Agent</c>'s spec adds to the agent file.</summary>
public sealed record AgentDeployment
{
    /// <summary>The worker image when the spec names none.</summary>
    public const string DefaultImage = "ambient/worker:0.1.0";

    /// <summary><c>replicas</c>: the scaler's bounds; null when the spec leaves them to the defaults.</summary>
    public ReplicaRange? Replicas { get; init; }

    /// <summary><c>scaling.lagThreshold</c>: target lag per replica; null for the agent's <c>maxConcurrentRuns</c> × 5.</summary>
    public long? LagThreshold { get; init; }

    /// <summary><c>scaling.activationLagThreshold</c>: the lag above which the scaler wakes a scaled-to-zero worker.</summary>
    public long ActivationLagThreshold { get; init; }

    /// <summary><c>scaling.cooldownPeriod</c>: seconds without lag before scaling to zero.</summary>
    public long CooldownPeriod { get; init; } = 300;

    /// <summary><c>resources</c>: the worker container's requests and limits; null for the defaults.</summary>
    public JsonObject? Resources { get; init; }

    /// <summary><c>image</c>: the worker image.</summary>
    public string Image { get; init; } = DefaultImage;

    /// <summary><c>paused</c>: the operator holds the agent through the kill switch; rendering is unchanged.</summary>
    public bool Paused { get; init; }
}
