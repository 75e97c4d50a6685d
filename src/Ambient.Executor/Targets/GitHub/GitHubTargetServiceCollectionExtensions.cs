using Ambient.Executor.Targets;
using Ambient.Executor.Targets.GitHub;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the executor's GitHub target.</summary>
public static class GitHubTargetServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <c>github</c> <see cref="IActionTarget"/> (labels, comments, pull-request plans and their
    /// compensations) with its options bound from <c>Ambient:Executors:GitHub</c>. Nothing is contacted at start;
    /// a missing token only makes GitHub actions fail. Idempotent, and registers beside the other targets.
    /// </summary>
    public static IServiceCollection AddAmbientGitHubTarget(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<GitHubTargetOptions>()
            .Bind(configuration.GetSection(GitHubTargetOptions.SectionName))
            .Validate(options => options.BaseUrl.IsAbsoluteUri, $"{GitHubTargetOptions.SectionName}:BaseUrl must be an absolute URL such as https://api.github.com/.")
            .Validate(options => options.Timeout > TimeSpan.Zero, $"{GitHubTargetOptions.SectionName}:Timeout must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        // A singleton: it holds the process's one GitHub connection (and its HttpClient). TryAddEnumerable rather
        // than TryAddSingleton, so the Slack and Kubernetes targets register beside it.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IActionTarget, GitHubTarget>());
        return services;
    }
}
