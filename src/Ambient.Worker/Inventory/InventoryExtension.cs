using Ambient.Abstractions.A2a;

namespace Ambient.Worker.Inventory;

/// <summary>
/// The A2A extension that carries an agent's inventory on its Agent Card: <c>capabilities.extensions[]</c> with this
/// <see cref="Uri"/> and the inventory as <c>params</c> (<see cref="AgentInventoryJson"/>), as A2A lets a card declare
/// what its protocol does not define. Not required: a client that does not know it can still talk to the agent.
/// </summary>
public static class InventoryExtension
{
    /// <summary>The extension's URI (<see cref="A2aAgentExtension.InventoryUri"/>).</summary>
    public const string Uri = A2aAgentExtension.InventoryUri;

    /// <summary>The extension holding <paramref name="inventory"/>.</summary>
    /// <param name="inventory">The agent's inventory.</param>
    public static A2aAgentExtension For(AgentInventory inventory) => new(
        Uri,
        "The agent's inventory: owner, purpose, risk tier, tools with their kinds and zones under the policies in force, MCP servers, model, budgets and version.",
        Required: false,
        AgentInventoryJson.Write(inventory).ToJsonString());
}
