namespace Ambient.Executor.Targets.GitHub;

/// <summary>How the executor reaches GitHub; bound from <c>Ambient:Executors:GitHub</c>.</summary>
public sealed class GitHubTargetOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Ambient:Executors:GitHub";

    /// <summary>The REST API root: <c>https://api.github.com/</c> by default, <c>https://ghe.example/api/v3/</c> for GitHub Enterprise Server.</summary>
    public Uri BaseUrl { get; set; } = new("https://api.github.com/");

    /// <summary>
    /// A token (PAT or app installation token) sent as a bearer token, allowed to write issues. Without one every
    /// GitHub action fails, naming this key; other targets keep working.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>How long one request may take before the action is retried; 30 seconds by default.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
