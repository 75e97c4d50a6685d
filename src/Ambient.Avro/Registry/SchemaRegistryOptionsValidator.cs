using Microsoft.Extensions.Options;

namespace Ambient.Avro.Registry;

/// <summary>Fails at start with the full configuration path of a bad setting.</summary>
internal sealed class SchemaRegistryOptionsValidator : IValidateOptions<SchemaRegistryOptions>
{
    public ValidateOptionsResult Validate(string? name, SchemaRegistryOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.Url)
            && !(Uri.TryCreate(options.Url, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)))
        {
            failures.Add($"{SchemaRegistryOptions.SectionName}:Url must be an absolute http or https URL, got '{options.Url}'.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{SchemaRegistryOptions.SectionName}:RequestTimeout must be positive, got '{options.RequestTimeout}'.");
        }

        if (options.MaxCachedSchemas <= 0)
        {
            failures.Add($"{SchemaRegistryOptions.SectionName}:MaxCachedSchemas must be positive, got {options.MaxCachedSchemas}.");
        }

        if (options.BasicAuthUserInfo is { } userInfo && !userInfo.Contains(':', StringComparison.Ordinal))
        {
            failures.Add($"{SchemaRegistryOptions.SectionName}:BasicAuthUserInfo must be 'user:password'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
