namespace Ambient.Gateway.Configuration;

/// <summary><c>Ambient:Gateway:GitHub</c>.</summary>
public sealed class GitHubSourceOptions : SourceOptions
{
    /// <summary>The webhook secret; <c>X-Hub-Signature-256</c> is its HMAC-SHA256 of the body.</summary>
    public string? Secret { get; set; }

    /// <summary>A file holding <see cref="Secret"/>.</summary>
    public string? SecretFile { get; set; }
}
