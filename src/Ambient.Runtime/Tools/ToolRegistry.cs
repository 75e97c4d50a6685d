using Ambient.Abstractions.Tools;

namespace Ambient.Runtime.Tools;

/// <summary>
/// Every tool a worker can give its agents, by name: the runtime's own effect tools and A2A delegation, and whatever
/// the host registered through DI (<c>AddAmbientTool</c>): read tools, a team's own tools. An agent's <c>tools</c> list
/// picks from here (and from its MCP servers).
/// </summary>
public sealed class ToolRegistry
{
    private readonly Dictionary<string, IAmbientTool> _tools = new(StringComparer.Ordinal);

    /// <summary>A registry of the runtime's own tools plus <paramref name="tools"/>.</summary>
    /// <exception cref="InvalidOperationException">Two tools share a name.</exception>
    public ToolRegistry(IEnumerable<IAmbientTool> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        foreach (var tool in BuiltIn.Concat(tools).Distinct())
        {
            if (!_tools.TryAdd(tool.Descriptor.Name, tool))
            {
                throw new InvalidOperationException(
                    $"Two tools are named {tool.Descriptor.Name}: {_tools[tool.Descriptor.Name].GetType().FullName} and {tool.GetType().FullName}.");
            }
        }
    }

    /// <summary>The runtime's own tools: proposals to GitHub, Slack, Kubernetes and email, and A2A delegation.</summary>
    public static IReadOnlyList<IAmbientTool> BuiltIn { get; } =
        [.. GitHubTools.All, .. SlackTools.All, .. KubernetesTools.All, .. NotifyTools.All, .. A2aTools.All];

    /// <summary>A registry of only the runtime's own tools.</summary>
    public static ToolRegistry Default { get; } = new([]);

    /// <summary>Every tool name, <c>plugin.function</c>.</summary>
    public IReadOnlySet<string> Names => _tools.Keys.ToHashSet(StringComparer.Ordinal);

    /// <summary>Every tool.</summary>
    public IEnumerable<IAmbientTool> Tools => _tools.Values;

    /// <summary>The tool named <paramref name="name"/>, or null.</summary>
    public IAmbientTool? Find(string name) => _tools.GetValueOrDefault(name);
}
