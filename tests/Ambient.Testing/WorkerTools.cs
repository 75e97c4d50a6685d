using Ambient.Abstractions.Tools;
using Ambient.Runtime.Tools;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ambient.Testing;

/// <summary>The tools a worker has by default (the runtime's own and the built-in read tools), for tests that load the sample agents without a worker.</summary>
public static class WorkerTools
{
    private static readonly Lazy<ToolRegistry> s_registry = new(() =>
    {
        using var services = new ServiceCollection().AddAmbientReadTools(new ConfigurationBuilder().Build()).BuildServiceProvider();
        return new ToolRegistry(services.GetServices<IAmbientTool>());
    });

    /// <summary>The registry.</summary>
    public static ToolRegistry Registry => s_registry.Value;

    /// <summary>Every tool name.</summary>
    public static IReadOnlySet<string> Names => Registry.Names;
}
