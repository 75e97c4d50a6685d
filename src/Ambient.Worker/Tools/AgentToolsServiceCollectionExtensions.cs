using Ambient.Abstractions.Tools;
using Ambient.Runtime.ToolCalls;
using Ambient.Runtime.Tools;
using Ambient.Worker.Tools;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what agents' tools need, the same for the worker and for replays: the tools, the filter chain, result bounds, MCP servers.</summary>
public static class AgentToolsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the built-in read tools (configured from <c>Ambient:Tools</c>), the MCP host, the registry of every
    /// <see cref="IAmbientTool"/> registered before or after this call, the chain of every <see cref="IToolCallFilter"/>,
    /// and <see cref="AgentToolboxFactory"/>.
    /// </summary>
    public static IServiceCollection AddAmbientAgentTools(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ToolOptions>().Bind(configuration.GetSection(ToolOptions.Section));
        services.AddAmbientReadTools(configuration);
        services.AddAmbientMcp();
        services.TryAddSingleton(provider => new ToolRegistry(provider.GetServices<IAmbientTool>()));
        services.TryAddSingleton(provider => new ToolCallPipeline(provider.GetServices<IToolCallFilter>()));
        services.TryAddSingleton<AgentToolboxFactory>();
        return services;
    }
}
