namespace Ambient.Kubernetes.Input;

/// <summary>One agent to render: its agent file and how it is deployed, from an <c>Agent</c> resource or a plain agent file.</summary>
/// <param name="Name">The agent's name (the Agent's <c>metadata.name</c>, or the file's <c>name</c>).</param>
/// <param name="AgentFile">The agent file the worker reads: the plain file as written, or the Agent's spec without its deployment fields.</param>
/// <param name="Source">Where it came from, for errors: the file, and the Agent when it is one.</param>
/// <param name="Deployment">The deployment fields (defaults for a plain agent file).</param>
public sealed record AgentInput(string Name, string AgentFile, string Source, AgentDeployment Deployment)
{
    /// <summary>The Agent's <c>metadata.namespace</c>, when given.</summary>
    public string? Namespace { get; init; }

    /// <summary>The Agent's <c>metadata.uid</c>, when given (a resource read back from a cluster).</summary>
    public string? Uid { get; init; }

    /// <summary>Read from an <c>Agent</c> resource, not from a plain agent file.</summary>
    public bool IsAgentResource { get; init; }
}
