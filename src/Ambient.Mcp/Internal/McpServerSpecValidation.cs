using Ambient.Abstractions.Tools;

namespace Ambient.Mcp.Internal;

/// <summary>Rejects server specs that cannot work, before anything starts, naming the server.</summary>
internal static class McpServerSpecValidation
{
    public static void Validate(IReadOnlyList<McpServerSpec> servers)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var spec in servers)
        {
            ArgumentNullException.ThrowIfNull(spec, nameof(servers));
            if (!names.Add(spec.Name))
            {
                throw new ArgumentException($"MCP server '{spec.Name}' is declared twice.", nameof(servers));
            }

            if ((spec.Command.Count > 0) == (spec.Url is not null))
            {
                throw new ArgumentException($"MCP server '{spec.Name}' needs exactly one of command (stdio) and url (streamable HTTP).", nameof(servers));
            }

            foreach (var tool in spec.Tools.Keys)
            {
                if (!ToolDescriptor.IsValidName($"{spec.Name}.{tool}"))
                {
                    throw new ArgumentException(
                        $"MCP server '{spec.Name}', tool '{tool}': '{spec.Name}.{tool}' is not a tool name of letters, digits and underscores.", nameof(servers));
                }
            }
        }
    }
}
