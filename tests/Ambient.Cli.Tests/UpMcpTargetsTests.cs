using Ambient.Abstractions.Tools;
using Ambient.Cli.Commands;
using Ambient.Kafka.Topics;
using Ambient.Runtime.Agents;
using Ambient.Runtime.Tools;
using Ambient.Worker.Topics;

namespace Ambient.Cli.Tests;

/// <summary>The executor of <c>ambient up</c> gets its MCP targets from the agent files: one per server with effect tools, each agent scoped to its own effect tools.</summary>
public sealed class UpMcpTargetsTests
{
    private static readonly AgentDefinition s_agent = AgentCatalog.FromFiles(
        [("a.yaml", "name: a\nowner: team-test\nsubscriptions:\n  - topic: github\n    types: [com.github.issues.opened]\nsystemPrompt: Triage.\n")],
        new AmbientTopics().ForRuns(), ToolRegistry.Default.Names).Agents.Single();

    private static McpServerSpec Runbooks(string command, params (string Tool, ToolKind Kind)[] tools) =>
        new("runbooks", [command, "server.js"], null, new Dictionary<string, string> { ["RUNBOOKS_DIR"] = "/runbooks" }, tools.ToDictionary(t => t.Tool, t => t.Kind));

    [Fact]
    public void From_TwoAgentsSharingAServer_OneTargetScopedToEachAgentsEffectTools()
    {
        var responder = s_agent with { Name = "responder", McpServers = [Runbooks("node", ("page_oncall", ToolKind.Effect), ("lookup_runbook", ToolKind.Read))] };
        var escalator = s_agent with { Name = "escalator", McpServers = [Runbooks("node", ("open_bridge", ToolKind.Effect), ("page_oncall", ToolKind.Effect))] };
        var reader = s_agent with { Name = "reader", McpServers = [Runbooks("other", ("lookup_runbook", ToolKind.Read))] };

        var (settings, targets, error) = UpMcpTargets.From([responder, escalator, reader]);

        Assert.Null(error);
        Assert.Equal(["mcp:runbooks"], targets);
        Assert.Equal("node", settings["Ambient:Executors:Mcp:runbooks:Command:0"]);
        Assert.Equal("server.js", settings["Ambient:Executors:Mcp:runbooks:Command:1"]);
        Assert.Equal("/runbooks", settings["Ambient:Executors:Mcp:runbooks:Environment:RUNBOOKS_DIR"]);
        Assert.Equal(["page_oncall"], Scope(settings, "responder"));
        Assert.Equal(["open_bridge", "page_oncall"], Scope(settings, "escalator"));
        Assert.Empty(Scope(settings, "reader"));
    }

    [Fact]
    public void From_OneServerNameDeclaredDifferently_IsAnErrorNamingBothAgents()
    {
        var one = s_agent with { Name = "one", McpServers = [Runbooks("node", ("page_oncall", ToolKind.Effect))] };
        var two = s_agent with { Name = "two", McpServers = [Runbooks("python", ("page_oncall", ToolKind.Effect))] };

        var (_, _, error) = UpMcpTargets.From([one, two]);

        Assert.Equal("MCP server 'runbooks' is declared differently by agents 'one' and 'two' (command, url or env); "
            + "the executor calls one server per name, so give one of them another name.", error);
    }

    private static string?[] Scope(Dictionary<string, string?> settings, string agent) =>
        [.. settings.Where(s => s.Key.StartsWith($"Ambient:Executors:Mcp:runbooks:Scopes:{agent}:", StringComparison.Ordinal)).OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Value)];
}
