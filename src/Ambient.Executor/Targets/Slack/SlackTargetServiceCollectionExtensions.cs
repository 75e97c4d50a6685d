using Ambient.Executor.Targets;
using Ambient.Executor.Targets.Slack;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Slack target of the executor.</summary>
public static class SlackTargetServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <c>slack</c> <see cref="IActionTarget"/>, beside any other target, with its options bound from
    /// <c>Ambient:Executors:Slack</c> (<see cref="SlackTargetOptions"/>) and an HTTP client with its own short retries.
    /// Calling it twice registers it once.
    /// </summary>
    public static IServiceCollection AddAmbientSlackTarget(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(service => service.ServiceType == typeof(SlackWebApi)))
        {
            // A second HTTP client registration would stack a second retry handler on the first.
            return services;
        }

        services.AddOptions<SlackTargetOptions>().Bind(configuration.GetSection(SlackTargetOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SlackTargetOptions>, SlackTargetOptionsValidator>());
        services.AddHttpClient(SlackWebApi.HttpClientName)
            .ConfigureHttpClient((provider, client) =>
            {
                var options = provider.GetRequiredService<IOptionsMonitor<SlackTargetOptions>>().CurrentValue;
                var baseUrl = options.BaseUrl.ToString();
                client.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
                // The total time of a call: it covers reading the answer's body, which the handler does not see.
                client.Timeout = options.Timeout;
            })
            .AddResilienceHandler("slack", (pipeline, context) =>
            {
                context.EnableReloads<SlackTargetOptions>();
                SlackResilience.Configure(pipeline, context.GetOptions<SlackTargetOptions>());
            });
        services.TryAddSingleton<SlackWebApi>();
        services.TryAddSingleton<SlackMessageFinder>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IActionTarget, SlackTarget>());
        return services;
    }
}
