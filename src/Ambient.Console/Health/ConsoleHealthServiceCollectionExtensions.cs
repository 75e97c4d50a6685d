using Ambient.Hosting.Health;
using Ambient.Supervisor.Health;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The console's readiness check; <c>MapConsoleHealth</c> serves it.</summary>
internal static class ConsoleHealthServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="RunBoardHealthCheck"/>, tagged ready, beside the host check <c>AddAmbientDefaults</c> adds. In this
    /// namespace (as Ambient.Hosting's own) so <c>ConsoleApplication</c> calls it without a using of its own.
    /// </summary>
    public static IServiceCollection AddConsoleHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<RunBoardHealthCheck>(RunBoardHealthCheck.Name, tags: [AmbientHealth.ReadyTag]);
        return services;
    }
}
