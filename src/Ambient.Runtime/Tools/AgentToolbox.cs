using Ambient.Abstractions.Tools;
using Ambient.Runtime.Agents;
using Ambient.Runtime.ToolCalls;

namespace Ambient.Runtime.Tools;

/// <summary>
/// One agent's tools: those offered to its model (its <c>tools</c> list, in order, resolved against the registry and its
/// own MCP tools), the filter chain every call passes, and how results are bounded. Built once per agent.
/// </summary>
public sealed class AgentToolbox
{
    private readonly ToolRegistry _registry;
    private readonly Dictionary<string, IAmbientTool> _own;

    /// <summary>The toolbox of <paramref name="agent"/>.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="registry">The worker's tools.</param>
    /// <param name="own">Tools only this agent has (its MCP servers').</param>
    /// <param name="pipeline">The filter chain; the allow-list alone by default.</param>
    /// <param name="options">Result bounds; the defaults by default.</param>
    public AgentToolbox(AgentDefinition agent, ToolRegistry registry, IEnumerable<IAmbientTool>? own = null, ToolCallPipeline? pipeline = null, ToolOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(agent);
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _own = (own ?? []).ToDictionary(t => t.Descriptor.Name, StringComparer.Ordinal);
        if (_own.Keys.FirstOrDefault(name => registry.Find(name) is not null) is { } shadowed)
        {
            throw new InvalidOperationException($"Agent {agent.Name}: its tool {shadowed} has the name of a worker tool; rename its MCP server.");
        }

        Pipeline = pipeline ?? ToolCallPipeline.AllowListOnly;
        Options = options ?? new ToolOptions();
        Offered = [.. agent.Tools.Select(Find).OfType<IAmbientTool>().Select(t => t.Descriptor)];
    }

    /// <summary>The tools the model is told about (one list per agent, so adapters can cache what they build from it).</summary>
    public IReadOnlyList<ToolDescriptor> Offered { get; }

    /// <summary>The filters every call passes.</summary>
    public ToolCallPipeline Pipeline { get; }

    /// <summary>How results are bounded.</summary>
    public ToolOptions Options { get; }

    /// <summary>The runtime's own tools only, the allow-list only: replays and benches without a host.</summary>
    public static AgentToolbox Default(AgentDefinition agent) => new(agent, ToolRegistry.Default);

    /// <summary>The tool named <paramref name="name"/>, whether or not the agent may use it (the allow-list decides that).</summary>
    public IAmbientTool? Find(string name) => _own.GetValueOrDefault(name) ?? _registry.Find(name);
}
