using Ambient.Abstractions.Tools;
using Ambient.Governance.Policies;

namespace Ambient.Worker.Inventory;

/// <summary>One tool of an agent's inventory.</summary>
/// <param name="Name">The tool, <c>plugin.function</c>.</param>
/// <param name="Kind">Read or effect; null when this process does not know the tool (a team's own, registered in its worker).</param>
/// <param name="Zones">The zones its calls can fall in under the policies in force.</param>
public sealed record InventoryTool(string Name, ToolKind? Kind, ToolZones Zones);
