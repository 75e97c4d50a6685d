using Microsoft.SemanticKernel;

namespace Ambient.Runtime.Tools;

/// <summary>
/// Every tool an agent may be allowed: KernelFunctions grouped in the <c>github</c>, <c>slack</c>,
/// <c>kubernetes</c>, <c>notify</c> and <c>a2a</c> plugins, named <c>plugin.function</c> in agent files.
/// Built once; each run gets its own Kernel over these shared plugins.
/// </summary>
public static class ToolCatalog
{
    /// <summary>The plugins.</summary>
    public static IReadOnlyList<KernelPlugin> Plugins { get; } =
    [
        KernelPluginFactory.CreateFromType<GitHubTools>("github"),
        KernelPluginFactory.CreateFromType<SlackTools>("slack"),
        KernelPluginFactory.CreateFromType<KubernetesTools>("kubernetes"),
        KernelPluginFactory.CreateFromType<NotifyTools>("notify"),
        KernelPluginFactory.CreateFromType<A2aTools>("a2a"),
    ];

    /// <summary>Every tool name, <c>plugin.function</c>.</summary>
    public static IReadOnlySet<string> Names { get; } =
        Plugins.SelectMany(plugin => plugin.Select(function => $"{plugin.Name}.{function.Name}")).ToHashSet(StringComparer.Ordinal);

    /// <summary>Finds a tool by <c>plugin.function</c>.</summary>
    public static KernelFunction? Find(string name)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && Plugins.FirstOrDefault(p => p.Name == name[..dot]) is { } plugin && plugin.TryGetFunction(name[(dot + 1)..], out var function)
            ? function
            : null;
    }
}
