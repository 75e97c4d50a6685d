using Ambient.Abstractions.A2a;

namespace Ambient.Worker.Inventory;

/// <summary>
/// The A2A extension that carries an agent's inventory on its Agent Card: <c>capabilities.extensions[]</c> with this
/// <see cref="Uri"/> and the inventory as <c>params</c> (<see cref="AgentInventoryJson"/>), as A2A lets a card declare
/// what its protocol does not define. Not required: a client that does not know it can still talk to the agent.
/// </summary>
public static class InventoryExtension
{
    /// <summary>
    /// The extension's URI: a URN like the Kafka binding's (<c>urn:ambient:a2a:binding:kafka:v1</c>), so it names the
    /// extension without claiming a web address nobody serves; <c>v1</c> changes only with an incompatible shape.
    /// </summary>
    public const string Uri = "urn:ambient:a2a:extension:inventory:v1";

    /// <summary>The extension holding <paramref name="inventory"/>.</summary>
    /// <param name="inventory">The agent's inventory.</param>
    public static A2aAgentExtension For(AgentInventory inventory) => new(
        Uri,
        "The agent's inventory: owner, purpose, risk tier, tools with their kinds and zones under the policies in force, MCP servers, model, budgets and version.",
        Required: false,
        AgentInventoryJson.Write(inventory).ToJsonString());
}
