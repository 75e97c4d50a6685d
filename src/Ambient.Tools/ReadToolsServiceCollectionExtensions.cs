using Ambient.Abstractions.Tools;
using Ambient.Tools.GitHub;
using Ambient.Tools.Kubernetes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Ambient's built-in read tools.</summary>
public static class ReadToolsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the six read tools (<c>kubernetes.get</c>, <c>kubernetes.events</c>, <c>kubernetes.logs</c>,
    /// <c>github.get_issue</c>, <c>github.search_issues</c>, <c>github.get_file</c>) with their options bound from
    /// <c>Ambient:Tools:Kubernetes</c> and <c>Ambient:Tools:GitHub</c>. Nothing is contacted at start: an unconfigured
    /// Kubernetes only makes its tools answer "not configured". Idempotent.
    /// </summary>
    public static IServiceCollection AddAmbientReadTools(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<GitHubToolOptions>().Bind(configuration.GetSection(GitHubToolOptions.SectionName));
        services.AddOptions<KubernetesToolOptions>().Bind(configuration.GetSection(KubernetesToolOptions.SectionName));

        // Singletons: each reader holds one HTTP client for the process, created on first use.
        services.TryAddSingleton<GitHubReader>();
        services.TryAddSingleton<KubernetesReader>();

        services.AddAmbientTool<KubernetesGetTool>();
        services.AddAmbientTool<KubernetesEventsTool>();
        services.AddAmbientTool<KubernetesLogsTool>();
        services.AddAmbientTool<GitHubGetIssueTool>();
        services.AddAmbientTool<GitHubSearchIssuesTool>();
        services.AddAmbientTool<GitHubGetFileTool>();
        return services;
    }
}
