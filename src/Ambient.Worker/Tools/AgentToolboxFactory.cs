using Ambient.Mcp;
using Ambient.Runtime.Agents;
using Ambient.Runtime.ToolCalls;
using Ambient.Runtime.Tools;
using Microsoft.Extensions.Options;

namespace Ambient.Worker.Tools;

/// <summary>
/// Builds each agent's toolbox from the worker's tools (registered with <c>AddAmbientTool</c>), the filter chain, and the
/// agent's own MCP servers, which are started here, once per agent, when its runner is created at start.
/// </summary>
public sealed class AgentToolboxFactory(ToolRegistry registry, ToolCallPipeline pipeline, IOptions<ToolOptions> options, McpToolHost mcp)
{
    /// <summary>The toolbox of <paramref name="agent"/>.</summary>
    /// <exception cref="AgentDefinitionException">The agent lists a tool nothing provides; the message names its file.</exception>
    public AgentToolbox Create(AgentDefinition agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        AgentCatalog.CheckTools([agent], registry.Names);
        // Runners are built while the host starts, before any event is consumed; an MCP server that cannot start does not
        // fail this (its calls fail, each with an error the model reads), so waiting here is bounded by its start timeout.
        var own = agent.McpServers.Count == 0
            ? []
            : mcp.StartAsync(agent.Name, agent.McpServers, TimeSpan.FromSeconds(agent.Limits.ToolTimeoutSeconds), CancellationToken.None).GetAwaiter().GetResult();
        return new AgentToolbox(agent, registry, own, pipeline, options.Value);
    }
}
