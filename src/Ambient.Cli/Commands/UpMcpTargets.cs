using System.Globalization;
using Ambient.Abstractions.Tools;
using Ambient.Runtime.Agents;

namespace Ambient.Cli.Commands;

/// <summary>
/// The MCP servers of <c>ambient up</c>'s executor, taken from the agent files: every server with an effect tool becomes
/// target <c>mcp:&lt;server&gt;</c> (<c>Ambient:Executors:Mcp:&lt;server&gt;</c>), and each agent's scope on it is the
/// effect tools its file lists, so an action naming another tool is refused even if it reached the topic.
/// </summary>
internal static class UpMcpTargets
{
    /// <summary>The executor settings, or why the agent files cannot give them: one server name declared differently by two agents.</summary>
    public static (Dictionary<string, string?> Settings, IReadOnlyList<string> Targets, string? Error) From(IReadOnlyList<AgentDefinition> agents)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var declared = new Dictionary<string, (string Agent, McpServerSpec Spec)>(StringComparer.Ordinal);
        foreach (var agent in agents)
        {
            foreach (var spec in agent.McpServers)
            {
                var effects = spec.Tools.Where(tool => tool.Value == ToolKind.Effect).Select(tool => tool.Key).Order(StringComparer.Ordinal).ToList();
                if (effects.Count == 0)
                {
                    continue;
                }

                var section = $"Ambient:Executors:Mcp:{spec.Name}";
                if (declared.TryGetValue(spec.Name, out var first))
                {
                    if (!SameServer(first.Spec, spec))
                    {
                        return ([], [], $"MCP server '{spec.Name}' is declared differently by agents '{first.Agent}' and '{agent.Name}' (command, url or env); "
                            + "the executor calls one server per name, so give one of them another name.");
                    }
                }
                else
                {
                    declared.Add(spec.Name, (agent.Name, spec));
                    foreach (var (argument, index) in spec.Command.Select((argument, index) => (argument, index)))
                    {
                        settings[$"{section}:Command:{index.ToString(CultureInfo.InvariantCulture)}"] = argument;
                    }

                    settings[$"{section}:Url"] = spec.Url?.ToString();
                    foreach (var (name, value) in spec.Environment)
                    {
                        settings[$"{section}:Environment:{name}"] = value;
                    }
                }

                foreach (var (tool, index) in effects.Select((tool, index) => (tool, index)))
                {
                    settings[$"{section}:Scopes:{agent.Name}:{index.ToString(CultureInfo.InvariantCulture)}"] = tool;
                }
            }
        }

        return (settings, [.. declared.Keys.Order(StringComparer.Ordinal).Select(name => $"mcp:{name}")], null);
    }

    private static bool SameServer(McpServerSpec one, McpServerSpec other) =>
        one.Command.SequenceEqual(other.Command, StringComparer.Ordinal) && one.Url == other.Url
        && one.Environment.Count == other.Environment.Count
        && one.Environment.All(pair => other.Environment.TryGetValue(pair.Key, out var value) && value == pair.Value);
}
