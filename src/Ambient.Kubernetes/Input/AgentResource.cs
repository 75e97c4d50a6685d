namespace Ambient.Kubernetes.Input;

/// <summary>The <c>Agent</c> custom resource (k8s/crds/agent.yaml): its names and the spec fields that are not the agent file's.</summary>
public static class AgentResource
{
    /// <summary>The API group.</summary>
    public const string Group = "ambient.io";

    /// <summary>The resource's <c>apiVersion</c>.</summary>
    public const string ApiVersion = Group + "/v1alpha1";

    /// <summary>The resource's <c>kind</c>.</summary>
    public const string Kind = "Agent";

    /// <summary>The spec fields that say how the agent is deployed; every other spec field is the agent file's.</summary>
    public static IReadOnlySet<string> DeploymentFields { get; } = new HashSet<string>(["replicas", "scaling", "resources", "image", "paused"], StringComparer.Ordinal);
}
