using Ambient.Abstractions.Tools;
using Ambient.Executor.Targets;
using Ambient.Executor.Targets.Mcp;
using Ambient.Mcp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the MCP targets of the executor.</summary>
public static class McpTargetServiceCollectionExtensions
{
    /// <summary>
    /// Adds one <see cref="IActionTarget"/> <c>mcp:&lt;server&gt;</c> per subsection of <c>Ambient:Executors:Mcp</c>
    /// (<see cref="McpTargetOptions"/>). A server is started on its first call, not here. Calling it twice registers them once.
    /// </summary>
    /// <exception cref="InvalidOperationException">A server's settings cannot work (no command and no URL, both, a bad name); the message names the key.</exception>
    public static IServiceCollection AddAmbientMcpTargets(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(service => service.ServiceType == typeof(McpTargetOptions)))
        {
            return services;
        }

        foreach (var section in configuration.GetSection(McpTargetOptions.SectionName).GetChildren())
        {
            var options = new McpTargetOptions();
            section.Bind(options);
            var spec = new McpServerSpec(section.Key, options.Command, options.Url, options.Environment, new Dictionary<string, ToolKind>());
            Validate(section.Path, spec, options);
            services.AddSingleton(options);
            services.AddSingleton<IActionTarget>(provider => new McpTarget(
                new McpEffectClient(spec, options.CallTimeout, provider.GetRequiredService<ILoggerFactory>(), provider.GetRequiredService<TimeProvider>()), options));
        }

        return services;
    }

    private static void Validate(string path, McpServerSpec spec, McpTargetOptions options)
    {
        if (!ToolDescriptor.IsValidName($"{spec.Name}.tool"))
        {
            throw new InvalidOperationException($"{path}: '{spec.Name}' is not an MCP server name of letters, digits and underscores.");
        }

        if ((spec.Command.Count > 0) == (spec.Url is not null))
        {
            throw new InvalidOperationException($"{path} needs exactly one of Command (a stdio server: Command:0, Command:1, ...) and Url (streamable HTTP).");
        }

        if (options.CallTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{path}:CallTimeout must be positive, not {options.CallTimeout}.");
        }
    }
}
