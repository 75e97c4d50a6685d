using System.Globalization;
using System.Text;
using Ambient.Abstractions.Tools;
using Ambient.Governance.Policies;
using Ambient.Runtime.Agents;
using Ambient.Worker.Inventory;

namespace Ambient.Cli.Commands;

/// <summary>How <c>ambient agents</c> prints the inventory for people: one aligned line per agent, or one agent in full.</summary>
internal static class AgentsOutput
{
    public static string Table(IReadOnlyList<AgentInventory> agents, string policySource)
    {
        string[] header = ["NAME", "OWNER", "RISK", "TOOLS", "MCP", "MODEL", "TOKENS/DAY", "VERSION", "PURPOSE"];
        var rows = agents.Select(inventory => new[]
        {
            inventory.Agent.Name,
            inventory.Agent.Owner,
            Risk(inventory),
            ToolCounts(inventory.Tools),
            inventory.Agent.McpServers.Count == 0 ? "-" : string.Join(",", inventory.Agent.McpServers.Select(server => server.Name)),
            Model(inventory.Agent),
            inventory.Agent.Limits.MaxTokensPerDay.ToString(CultureInfo.InvariantCulture),
            inventory.Agent.Version,
            inventory.Agent.Description ?? "-",
        }).ToList();
        // Every column but the last (the purpose, free text) is padded to its widest cell.
        var widths = header.Select((title, column) => rows.Select(row => row[column].Length).Append(title.Length).Max()).ToArray();
        var output = new StringBuilder();
        foreach (var row in rows.Prepend(header))
        {
            output.AppendLine(string.Join("  ", row.Select((cell, column) => column == row.Length - 1 ? cell : cell.PadRight(widths[column]))).TrimEnd());
        }

        return output.Append(CultureInfo.InvariantCulture, $"{agents.Count} agents; zones from {policySource}").ToString();
    }

    public static string Detail(AgentInventory inventory, string policySource)
    {
        var agent = inventory.Agent;
        var output = new StringBuilder();
        output.AppendLine(CultureInfo.InvariantCulture, $"{agent.Name} (version {agent.Version}, {agent.SourceFile})");
        output.AppendLine(CultureInfo.InvariantCulture, $"  owner      {agent.Owner}");
        output.AppendLine(CultureInfo.InvariantCulture, $"  purpose    {agent.Description ?? "-"}");
        output.AppendLine(CultureInfo.InvariantCulture, $"  risk tier  {Risk(inventory)}");
        output.AppendLine(CultureInfo.InvariantCulture, $"  model      {Model(agent)}");
        output.AppendLine(CultureInfo.InvariantCulture, $"  budgets    {Budgets(agent)}");
        foreach (var server in agent.McpServers)
        {
            var tools = string.Join(", ", server.Tools.OrderBy(tool => tool.Key, StringComparer.Ordinal).Select(tool => $"{tool.Key} {AgentInventoryJson.KindText(tool.Value)}"));
            output.AppendLine(CultureInfo.InvariantCulture, $"  mcp        {server.Name} ({(server.Url is null ? "stdio" : "http")}): {tools}");
        }

        output.AppendLine("  tools");
        var width = inventory.Tools.Select(tool => tool.Name.Length).DefaultIfEmpty(0).Max();
        foreach (var tool in inventory.Tools)
        {
            var tier = tool.Zones.Tier?.ToText() ?? "always denied";
            output.AppendLine(CultureInfo.InvariantCulture, $"    {tool.Name.PadRight(width)}  {AgentInventoryJson.KindText(tool.Kind) ?? "unknown kind",-6}  {tier}{(tool.Zones.CanBeDenied && tool.Zones.Tier is not null ? ", can be denied" : string.Empty)}");
            foreach (var line in ZoneLines(tool.Zones))
            {
                output.AppendLine(CultureInfo.InvariantCulture, $"      {line}");
            }
        }

        return output.Append(CultureInfo.InvariantCulture, $"zones from {policySource}").ToString();
    }

    // One line per zone, except that policies with no rule for the tool share one: "allow always (default of a, b)".
    private static List<string> ZoneLines(ToolZones zones)
    {
        if (zones.Zones.Count == 0)
        {
            return ["allow always (no policy in force)"];
        }

        var lines = new List<string>();
        foreach (var group in zones.Zones.GroupBy(zone => zone is { Rule: null, Condition: "always" } ? $"{zone.Verdict}" : null))
        {
            lines.AddRange(group.Key is null
                ? group.Select(zone => zone.ToString())
                : [$"{AgentInventoryJson.VerdictText(group.First().Verdict)} always (default of {string.Join(", ", group.Select(zone => zone.Policy))})"]);
        }

        return lines;
    }

    // The tier, and the deny beside it: a denied call does nothing, so it raises no tier, but an owner should know.
    private static string Risk(AgentInventory inventory) => inventory.Deniable.Count == 0
        ? inventory.RiskTier.ToText()
        : $"{inventory.RiskTier.ToText()}, deny";

    private static string ToolCounts(IReadOnlyList<InventoryTool> tools)
    {
        var reads = tools.Count(tool => tool.Kind == ToolKind.Read);
        var effects = tools.Count(tool => tool.Kind == ToolKind.Effect);
        var unknown = tools.Count - reads - effects;
        return $"{reads} read, {effects} effect{(unknown > 0 ? $", {unknown} unknown" : string.Empty)}";
    }

    private static string Model(AgentDefinition agent) => agent.Model.ModelId is { } id ? $"{agent.Model.Provider}/{id}" : agent.Model.Provider;

    private static string Budgets(AgentDefinition agent)
    {
        var tokens = string.Create(CultureInfo.InvariantCulture, $"{agent.Limits.MaxTokensPerDay} tokens/day, {agent.Limits.MaxTokensPerCall} tokens/call");
        return agent.Pricing == ModelPricing.Free
            ? tokens
            : string.Create(CultureInfo.InvariantCulture, $"{tokens}; ${agent.Pricing.InputPerMillionTokens} in, ${agent.Pricing.OutputPerMillionTokens} out per million tokens");
    }
}
