using Microsoft.Extensions.Options;

namespace Ambient.Gateway.Configuration;

/// <summary>
/// Reads secrets given as files (<c>Ambient:Gateway:GitHub:SecretFile</c>, ...), the way Kubernetes mounts secrets.
/// A secret set directly wins. Trailing line breaks are dropped: editors and <c>echo</c> add them.
/// </summary>
internal sealed class SecretFiles : IPostConfigureOptions<GatewayOptions>
{
    private const string Section = GatewayOptions.SectionName;

    public void PostConfigure(string? name, GatewayOptions options)
    {
        options.GitHub.Secret = Resolve(options.GitHub.Secret, options.GitHub.SecretFile, $"{Section}:GitHub:SecretFile");
        options.Slack.SigningSecret = Resolve(options.Slack.SigningSecret, options.Slack.SigningSecretFile, $"{Section}:Slack:SigningSecretFile");
        options.Alertmanager.Token = Resolve(options.Alertmanager.Token, options.Alertmanager.TokenFile, $"{Section}:Alertmanager:TokenFile");
        options.PublishToken = Resolve(options.PublishToken, options.PublishTokenFile, $"{Section}:PublishTokenFile");
        foreach (var (tokenName, token) in options.PublishTokens)
        {
            token.Token = Resolve(token.Token, token.TokenFile, $"{Section}:PublishTokens:{tokenName}:TokenFile");
        }
    }

    private static string? Resolve(string? value, string? file, string key)
    {
        if (!string.IsNullOrEmpty(value) || string.IsNullOrWhiteSpace(file))
        {
            return value;
        }

        try
        {
            return File.ReadAllText(file).TrimEnd('\r', '\n');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The path is configuration, not a secret; the content never appears in errors.
            throw new InvalidOperationException($"{key}: cannot read '{file}': {ex.Message}", ex);
        }
    }
}
