using System.Text.Json.Nodes;
using Ambient.Abstractions.Tools;
using Ambient.Governance.Policies;
using Ambient.Runtime.Agents;

namespace Ambient.Worker.Inventory;

/// <summary>
/// An <see cref="AgentInventory"/> as JSON: what <c>ambient agents list|show --json</c> prints and what an Agent Card
/// carries in its inventory extension's <c>params</c>, one shape for both.
/// </summary>
public static class AgentInventoryJson
{
    /// <summary>
    /// <c>{name, owner, purpose, riskTier, canBeDenied, tools: [{name, kind, tier, canBeDenied, zones: [{decision, policy, rule, condition}]}],
    /// mcpServers: [{name, transport, tools}], model: {provider, modelId}, budgets: {maxTokensPerDay, maxTokensPerCall, cost?}, version, policySetVersion}</c>.
    /// </summary>
    /// <param name="inventory">The agent's inventory.</param>
    public static JsonObject Write(AgentInventory inventory)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var agent = inventory.Agent;
        return new JsonObject
        {
            ["name"] = agent.Name,
            ["owner"] = agent.Owner,
            ["purpose"] = agent.Description,
            ["riskTier"] = inventory.RiskTier.ToText(),
            ["canBeDenied"] = Strings(inventory.Deniable),
            ["tools"] = new JsonArray([.. inventory.Tools.Select(Tool)]),
            ["mcpServers"] = new JsonArray([.. agent.McpServers.Select(McpServer)]),
            // Provider and model id only: an endpoint is an internal address and the card is served outside.
            ["model"] = new JsonObject { ["provider"] = agent.Model.Provider, ["modelId"] = agent.Model.ModelId },
            ["budgets"] = Budgets(agent.Limits, agent.Pricing),
            ["version"] = agent.Version,
            ["policySetVersion"] = inventory.PolicySetVersion,
        };
    }

    /// <summary><c>read</c>, <c>effect</c>, or null when unknown.</summary>
    public static string? KindText(ToolKind? kind) => kind switch
    {
        ToolKind.Read => "read",
        ToolKind.Effect => "effect",
        _ => null,
    };

    /// <summary><c>allow</c>, <c>review</c>, <c>approve</c> or <c>deny</c>, as policy files write them.</summary>
    public static string VerdictText(PolicyVerdict verdict) => verdict.ToString().ToLowerInvariant();

    private static JsonObject Tool(InventoryTool tool) => new()
    {
        ["name"] = tool.Name,
        ["kind"] = KindText(tool.Kind),
        ["tier"] = tool.Zones.Tier?.ToText(),
        ["canBeDenied"] = tool.Zones.CanBeDenied,
        ["zones"] = new JsonArray([.. tool.Zones.Zones.Select(zone => new JsonObject
        {
            ["decision"] = VerdictText(zone.Verdict),
            ["policy"] = zone.Policy,
            ["rule"] = zone.Rule,
            ["condition"] = zone.Condition,
        })]),
    };

    private static JsonObject McpServer(McpServerSpec server) => new()
    {
        ["name"] = server.Name,
        // How it is reached, not where: a command line or URL may name internal hosts or paths.
        ["transport"] = server.Url is null ? "stdio" : "http",
        ["tools"] = new JsonObject(server.Tools.OrderBy(tool => tool.Key, StringComparer.Ordinal)
            .Select(tool => KeyValuePair.Create(tool.Key, (JsonNode?)KindText(tool.Value)))),
    };

    private static JsonObject Budgets(AgentLimits limits, ModelPricing pricing)
    {
        var budgets = new JsonObject { ["maxTokensPerDay"] = limits.MaxTokensPerDay, ["maxTokensPerCall"] = limits.MaxTokensPerCall };
        if (pricing != ModelPricing.Free)
        {
            budgets["cost"] = new JsonObject
            {
                ["currency"] = "USD",
                ["inputPerMillionTokens"] = pricing.InputPerMillionTokens,
                ["outputPerMillionTokens"] = pricing.OutputPerMillionTokens,
            };
        }

        return budgets;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(value => JsonValue.Create(value))]);
}
