using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ambient.Abstractions.Tools;

/// <summary>Registers tools with the worker's tool registry.</summary>
public static class ToolServiceCollectionExtensions
{
    /// <summary>Adds <typeparamref name="TTool"/> as a singleton tool (once, however often it is called).</summary>
    public static IServiceCollection AddAmbientTool<TTool>(this IServiceCollection services)
        where TTool : class, IAmbientTool
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAmbientTool, TTool>());
        return services;
    }

    /// <summary>Adds a tool instance.</summary>
    public static IServiceCollection AddAmbientTool(this IServiceCollection services, IAmbientTool tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        services.AddSingleton(tool);
        return services;
    }
}
