using Ambient.Executor.Targets;
using Ambient.Executor.Targets.Kubernetes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the executor's Kubernetes target.</summary>
public static class KubernetesTargetServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <c>kubernetes</c> action target (<c>restart_workload</c>, <c>scale_workload</c>, <c>undo_scale</c>) with
    /// <see cref="KubernetesTargetOptions"/> bound from <c>Ambient:Executors:Kubernetes</c> and checked at start. Nothing is
    /// contacted at start: the client is created on the first Kubernetes action. Idempotent.
    /// </summary>
    public static IServiceCollection AddAmbientKubernetesTarget(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<KubernetesTargetOptions>().Bind(configuration.GetSection(KubernetesTargetOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KubernetesTargetOptions>, KubernetesTargetOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // A singleton: it holds one HTTP client to the API server for the process. TryAddEnumerable keeps the other targets.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IActionTarget, KubernetesTarget>());
        return services;
    }
}
