using Ambient.Mcp;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the MCP tool host.</summary>
public static class McpServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="McpToolHost"/> as a singleton (once, however often it is called): one host per process, so each
    /// agent's servers start once, and disposing the container stops them. Uses a registered <see cref="TimeProvider"/>,
    /// else <see cref="TimeProvider.System"/>.
    /// </summary>
    public static IServiceCollection AddAmbientMcp(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(provider => new McpToolHost(
            provider.GetRequiredService<ILoggerFactory>(),
            provider.GetService<TimeProvider>() ?? TimeProvider.System));
        return services;
    }
}
