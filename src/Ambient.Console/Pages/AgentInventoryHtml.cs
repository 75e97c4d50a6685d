using System.Globalization;
using System.Text;
using System.Text.Json;
using Ambient.Supervisor.Agents;

namespace Ambient.Supervisor.Pages;

/// <summary>
/// An agent's inventory as its card carries it (the worker's <c>AgentInventoryJson</c>): a few columns for the agents
/// table, and the whole of it (purpose, tools with their kinds and zones, MCP servers, budgets, versions) below.
/// </summary>
internal static class AgentInventoryHtml
{
    public static string Columns(AgentCardView? card)
    {
        if (card?.Inventory is not { } inventory)
        {
            return "<td colspan=\"3\">no card published yet</td>";
        }

        var model = inventory.TryGetProperty("model", out var m) ? $"{Text(m, "provider")}{(Text(m, "modelId") is { } id ? $" {id}" : string.Empty)}" : null;
        return $"<td>{Html.E(Text(inventory, "owner"))}</td><td>{Html.E(Text(inventory, "riskTier"))}</td><td>{Html.E(model)}</td>";
    }

    public static string Details(IEnumerable<AgentCardView> cards)
    {
        var body = new StringBuilder("<h2>Inventory</h2>");
        var any = false;
        foreach (var card in cards)
        {
            any = true;
            var name = card.Card.Name;
            body.Append("<details data-inventory=\"").Append(Html.E(name)).Append("\"><summary>").Append(Html.E(name)).Append(": ").Append(Html.E(card.Card.Description))
                .Append("</summary><dl class=\"facts\">");
            if (card.Inventory is { } inventory)
            {
                Html.Fact(body, "Owner", Html.E(Text(inventory, "owner")));
                Html.Fact(body, "Risk tier", Html.E(Text(inventory, "riskTier")));
                Html.Fact(body, "Tools", Tools(inventory));
                Html.Fact(body, "MCP servers", List(inventory, "mcpServers", s => $"{Html.E(Text(s, "name"))} ({Html.E(Text(s, "transport"))})"));
                Html.Fact(body, "Budgets", inventory.TryGetProperty("budgets", out var budgets) ? Html.E(Budgets(budgets)) : "–");
                Html.Fact(body, "Policy set", $"<code>{Html.E(Text(inventory, "policySetVersion"))}</code>");
            }

            Html.Fact(body, "Version", $"<code>{Html.E(card.Card.Version)}</code>");
            Html.Fact(body, "Reached at", string.Join(", ", card.Card.Interfaces.Select(i => $"<code>{Html.E(i.Url)}</code>")));
            body.Append("</dl></details>");
        }

        return any ? body.ToString() : body.Append("<p>No agent has published its card yet: workers publish one when they start.</p>").ToString();
    }

    private static string Tools(JsonElement inventory) => List(inventory, "tools", tool =>
    {
        var zones = tool.TryGetProperty("zones", out var z) && z.ValueKind == JsonValueKind.Array && z.GetArrayLength() > 0
            ? ": " + string.Join("; ", z.EnumerateArray().Select(zone =>
                $"{Html.E(Text(zone, "decision"))} by <code>{Html.E($"{Text(zone, "policy")}/{Text(zone, "rule")}")}</code>{(Text(zone, "condition") is { } when ? $" {Html.E(when)}" : string.Empty)}"))
            : string.Empty;
        return $"<code>{Html.E(Text(tool, "name"))}</code> ({Html.E(Text(tool, "kind") ?? "unknown kind")}, {Html.E(Text(tool, "tier"))}){zones}";
    });

    private static string List(JsonElement inventory, string property, Func<JsonElement, string> item) =>
        inventory.TryGetProperty(property, out var items) && items.ValueKind == JsonValueKind.Array && items.GetArrayLength() > 0
            ? "<ul>" + string.Concat(items.EnumerateArray().Select(i => $"<li>{item(i)}</li>")) + "</ul>"
            : "none";

    private static string Budgets(JsonElement budgets) => string.Join(", ", budgets.EnumerateObject()
        .Where(p => p.Value.ValueKind is JsonValueKind.Number or JsonValueKind.String)
        .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name} {p.Value}")));

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
