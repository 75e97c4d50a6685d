using Microsoft.Extensions.Options;

namespace Ambient.Executor.Targets.Slack;

/// <summary>Fails the executor at start on a Slack setting that can never work, naming its full key.</summary>
internal sealed class SlackTargetOptionsValidator : IValidateOptions<SlackTargetOptions>
{
    public ValidateOptionsResult Validate(string? name, SlackTargetOptions options)
    {
        List<string> failures = [];
        if (!options.BaseUrl.IsAbsoluteUri || options.BaseUrl.Scheme is not ("https" or "http"))
        {
            failures.Add($"{SlackTargetOptions.SectionName}:BaseUrl must be an absolute http(s) address, not '{options.BaseUrl}'.");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"{SlackTargetOptions.SectionName}:Timeout must be positive, not {options.Timeout}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
