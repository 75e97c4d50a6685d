using Ambient.Abstractions.Tools;

namespace Ambient.Runtime.Agents;

/// <summary>
/// The tools an agent file may name: the worker's (when known at load), and its own MCP servers' tools it declares.
/// A name under one of its MCP servers must be declared under that server's <c>tools</c>.
/// </summary>
internal sealed class KnownTools(IReadOnlySet<string>? worker, IReadOnlySet<string> mcpTools, IReadOnlySet<string> mcpServers)
{
    /// <summary>The tools an agent with <paramref name="servers"/> may name, given the worker's (null when not known yet).</summary>
    public static KnownTools For(IReadOnlySet<string>? worker, IReadOnlyList<McpServerSpec> servers) => new(
        worker,
        servers.SelectMany(s => s.Tools.Keys.Select(t => $"{s.Name}.{t}")).ToHashSet(StringComparer.Ordinal),
        servers.Select(s => s.Name).ToHashSet(StringComparer.Ordinal));

    /// <summary>What is wrong with naming <paramref name="tool"/>, or null when it is fine.</summary>
    public string? Problem(string tool)
    {
        if (!ToolDescriptor.IsValidName(tool))
        {
            return $"'{tool}', which is not plugin.function (letters, digits and underscores)";
        }

        var plugin = tool[..tool.IndexOf('.', StringComparison.Ordinal)];
        if (mcpServers.Contains(plugin))
        {
            return mcpTools.Contains(tool) ? null : $"'{tool}', which its MCP server '{plugin}' does not declare under mcpServers[].tools";
        }

        return worker is null || worker.Contains(tool)
            ? null
            : $"unknown tool '{tool}' (known: {string.Join(", ", worker.Concat(mcpTools).Order(StringComparer.Ordinal))})";
    }
}
