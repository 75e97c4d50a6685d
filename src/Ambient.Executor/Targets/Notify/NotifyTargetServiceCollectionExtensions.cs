using Ambient.Executor.Targets;
using Ambient.Executor.Targets.GitHub;
using Ambient.Executor.Targets.Notify;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the notify target of the executor.</summary>
public static class NotifyTargetServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <c>email</c> <see cref="IActionTarget"/>, beside any other target, which delivers notifications to the
    /// sinks under <c>Ambient:Executors:Notify:Sinks</c> (<see cref="NotifyTargetOptions"/>, validated at start). Its
    /// Slack sinks post through the Slack target's client, so this also adds the Slack target (as the executor does
    /// anyway); its GitHub sinks read <c>Ambient:Executors:GitHub:BaseUrl</c> and <c>Token</c>. Calling it twice registers it once.
    /// </summary>
    public static IServiceCollection AddAmbientNotifyTarget(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(service => service.ServiceType == typeof(NotifyHttp)))
        {
            return services;
        }

        services.AddOptions<NotifyTargetOptions>().Bind(configuration.GetSection(NotifyTargetOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NotifyTargetOptions>, NotifyTargetOptionsValidator>());

        // Bound again if the GitHub target binds it too: the same keys give the same values.
        services.AddOptions<GitHubTargetOptions>().Bind(configuration.GetSection(GitHubTargetOptions.SectionName));
        services.AddAmbientSlackTarget(configuration);
        services.AddHttpClient(NotifyHttp.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            // NotifyHttp bounds each request with Ambient:Executors:Notify:Timeout, reloadable; the client's own would not be.
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<NotifyHttp>();
        services.TryAddSingleton<NotifySinks>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IActionTarget, NotifyTarget>());
        return services;
    }
}
