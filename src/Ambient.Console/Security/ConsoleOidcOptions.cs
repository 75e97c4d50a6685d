namespace Ambient.Supervisor.Security;

/// <summary>
/// Sign-in through an OpenID Connect provider (<c>Ambient:Console:Oidc</c>): people sign in as themselves, and their
/// groups say whether they act or only look. The tokens keep working beside it, for scripts.
/// </summary>
public sealed class ConsoleOidcOptions
{
    /// <summary>The provider's issuer, whose <c>/.well-known/openid-configuration</c> is read: <c>https://login.example.com/realms/ops</c>.</summary>
    public string? Authority { get; set; }

    /// <summary>The console's client id at the provider.</summary>
    public string? ClientId { get; set; }

    /// <summary>The console's client secret (<c>Ambient__Console__Oidc__ClientSecret</c>, from a Secret).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>What the sign-in button names: "Sign in with ...".</summary>
    public string DisplayName { get; set; } = "your identity provider";

    /// <summary>The ID token claim holding the user's groups.</summary>
    public string GroupsClaim { get; set; } = "groups";

    /// <summary>Members of any of these groups are operators: every action.</summary>
    public IReadOnlyList<string> OperatorGroups { get; set; } = [];

    /// <summary>Members of any of these groups may look; empty: everyone the provider signs in may.</summary>
    public IReadOnlyList<string> ViewerGroups { get; set; } = [];

    /// <summary>Whether the provider must be reached over HTTPS. Only a test's provider on loopback does without.</summary>
    public bool RequireHttps { get; set; } = true;

    /// <summary>True when a provider is configured.</summary>
    public bool Enabled => Authority is not null || ClientId is not null;

    /// <summary>What is wrong with these settings, one line each, naming the key.</summary>
    public IEnumerable<string> Problems(string section)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http") || (RequireHttps && authority.Scheme != "https"))
        {
            yield return $"{section}:Authority must be the provider's https address (its issuer); it is '{Authority}'.";
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            yield return $"{section}:ClientId must be set: the console's client id at the provider.";
        }

        if (OperatorGroups.Count == 0)
        {
            yield return $"{section}:OperatorGroups must name at least one group: without it nobody signed in through the provider could act.";
        }
    }
}
