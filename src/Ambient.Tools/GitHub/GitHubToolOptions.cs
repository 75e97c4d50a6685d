namespace Ambient.Tools.GitHub;

/// <summary>How the GitHub read tools reach GitHub; bound from <c>Ambient:Tools:GitHub</c>. Empty means public GitHub, unauthenticated.</summary>
public sealed class GitHubToolOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Ambient:Tools:GitHub";

    /// <summary>A token (PAT or app installation token) sent as a bearer token; absent means unauthenticated (60 requests an hour).</summary>
    public string? Token { get; set; }

    /// <summary>The REST API root: <c>https://api.github.com/</c> by default, <c>https://ghe.example/api/v3/</c> for GitHub Enterprise Server.</summary>
    public Uri? BaseUrl { get; set; }
}
