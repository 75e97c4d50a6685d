using Ambient.Abstractions.Tools;
using Ambient.Governance.Policies;
using Ambient.Runtime.Agents;
using Ambient.Runtime.Tools;

namespace Ambient.Worker.Inventory;

/// <summary>
/// One agent's entry in the inventory, the behavioural bill of materials: who owns it, what it is for, what it may do
/// and in which zones under the policies in force, its model, budgets and version. <c>ambient agents list|show</c>
/// prints it; the worker publishes it with the agent's Agent Card (<see cref="InventoryExtension"/>).
/// </summary>
/// <param name="Agent">The agent as its file declares it: owner, purpose (<c>description</c>), model, limits, prices, MCP servers, version.</param>
/// <param name="Tools">Its tools, in file order, each with its kind and zones.</param>
/// <param name="RiskTier">The riskiest zone any of its effect tools can fall in.</param>
/// <param name="PolicySetVersion">The version of the policy set the zones come from.</param>
public sealed record AgentInventory(AgentDefinition Agent, IReadOnlyList<InventoryTool> Tools, RiskTier RiskTier, string PolicySetVersion)
{
    /// <summary>The tools some of whose calls the policies deny (deny is not a tier, so it is listed beside it).</summary>
    public IReadOnlyList<string> Deniable => [.. Tools.Where(tool => tool.Zones.CanBeDenied).Select(tool => tool.Name)];

    /// <summary>The inventory of <paramref name="agent"/> under <paramref name="policies"/>.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="tools">The worker's tools, for each tool's kind (an MCP server's tools have theirs in the agent file).</param>
    /// <param name="policies">The policies in force.</param>
    public static AgentInventory Of(AgentDefinition agent, ToolRegistry tools, PolicySet policies)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentNullException.ThrowIfNull(policies);
        var entries = agent.Tools.Select(tool => new InventoryTool(tool, KindOf(tool, agent, tools), policies.ZonesOf(agent.Name, tool))).ToList();
        // A tool not known to read (one this process has not registered) counts as an effect: the tier must not understate.
        var tier = RiskTiers.Of(entries.Where(tool => tool.Kind != ToolKind.Read).Select(tool => tool.Zones));
        return new AgentInventory(agent, entries, tier, policies.Version);
    }

    private static ToolKind? KindOf(string tool, AgentDefinition agent, ToolRegistry tools)
    {
        var dot = tool.IndexOf('.', StringComparison.Ordinal);
        if (agent.McpServers.FirstOrDefault(server => server.Name == tool[..dot]) is { } server)
        {
            return server.Tools.TryGetValue(tool[(dot + 1)..], out var kind) ? kind : null;
        }

        return tools.Find(tool)?.Descriptor.Kind;
    }
}
