using Microsoft.Extensions.Options;

namespace Ambient.Executor.Targets.Kubernetes;

/// <summary>Fails the executor's start on a setting that could never work, naming its full configuration path.</summary>
internal sealed class KubernetesTargetOptionsValidator : IValidateOptions<KubernetesTargetOptions>
{
    public ValidateOptionsResult Validate(string? name, KubernetesTargetOptions options)
    {
        List<string> failures = [];
        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"{KubernetesTargetOptions.SectionName}:Timeout must be positive, got {options.Timeout}.");
        }

        if (options.Url is { } url && !(url.IsAbsoluteUri && url.Scheme is "http" or "https"))
        {
            failures.Add($"{KubernetesTargetOptions.SectionName}:Url must be an absolute http or https URL, got '{url}'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
