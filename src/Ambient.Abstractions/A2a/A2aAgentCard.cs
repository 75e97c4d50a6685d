namespace Ambient.Abstractions.A2a;

/// <summary>A2A v1 AgentCard, the subset Ambient publishes for its agents on the compacted cards topic.</summary>
/// <param name="Name">The agent's name (the cards topic's key).</param>
/// <param name="Description">What the agent does.</param>
/// <param name="Version">The agent's version hash (prompt + configuration).</param>
/// <param name="Interfaces">How to reach it: the Kafka binding, and the gateway's JSON-RPC when published.</param>
/// <param name="Skills">What it can be asked to do.</param>
/// <param name="Streaming">Whether it streams status and artifact updates.</param>
/// <param name="InputModes">Media types it accepts.</param>
/// <param name="OutputModes">Media types it answers with.</param>
public sealed record A2aAgentCard(
    string Name,
    string Description,
    string Version,
    IReadOnlyList<A2aAgentInterface> Interfaces,
    IReadOnlyList<A2aAgentSkill> Skills,
    bool Streaming,
    IReadOnlyList<string> InputModes,
    IReadOnlyList<string> OutputModes)
{
    /// <summary>The A2A extensions the agent declares (<c>capabilities.extensions</c>), e.g. Ambient's inventory.</summary>
    public IReadOnlyList<A2aAgentExtension> Extensions { get; init; } = [];
}

/// <summary>A way to reach an agent: URL, binding URI and protocol version.</summary>
public sealed record A2aAgentInterface(string Url, string ProtocolBinding, string ProtocolVersion);

/// <summary>Something the agent can do.</summary>
public sealed record A2aAgentSkill(string Id, string Name, string Description, IReadOnlyList<string> Tags, IReadOnlyList<string> Examples);
