namespace Ambient.Abstractions.A2a;

/// <summary>An A2A extension an agent declares in its card's <c>capabilities.extensions</c>.</summary>
/// <param name="Uri">The URI that names the extension.</param>
/// <param name="Description">How the agent uses it; null when not given.</param>
/// <param name="Required">True when clients must understand it to talk to the agent.</param>
/// <param name="Params">Its parameters: a JSON object as JSON text, or null.</param>
public sealed record A2aAgentExtension(string Uri, string? Description, bool Required, string? Params)
{
    /// <summary>
    /// The URI of Ambient's inventory extension (owner, purpose, risk tier, tools and zones, MCP servers, model,
    /// budgets): a URN, so it names the extension without claiming a web address nobody serves; <c>v1</c> changes only
    /// with an incompatible shape. Workers write it, the console reads it.
    /// </summary>
    public const string InventoryUri = "urn:ambient:a2a:extension:inventory:v1";
}
