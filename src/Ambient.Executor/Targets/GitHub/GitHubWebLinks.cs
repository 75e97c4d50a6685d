namespace Ambient.Executor.Targets.GitHub;

/// <summary>The web pages of what the API changed, for answers that carry no <c>html_url</c> (adding or removing labels).</summary>
internal static class GitHubWebLinks
{
    /// <summary>
    /// The issue's page: <c>https://github.com/o/r/issues/7</c> for <c>https://api.github.com/</c>,
    /// <c>https://ghe.example/o/r/issues/7</c> for GitHub Enterprise Server's <c>https://ghe.example/api/v3/</c>.
    /// </summary>
    public static string Issue(Uri apiBaseUrl, GitHubRepositoryName repository, long issueNumber) =>
        new Uri(WebRoot(apiBaseUrl), $"{repository}/issues/{issueNumber}").AbsoluteUri;

    private static Uri WebRoot(Uri apiBaseUrl)
    {
        var root = new UriBuilder(apiBaseUrl);
        if (root.Host.StartsWith("api.", StringComparison.OrdinalIgnoreCase))
        {
            root.Host = root.Host["api.".Length..];
        }

        if (root.Path.EndsWith("/api/v3/", StringComparison.OrdinalIgnoreCase))
        {
            root.Path = root.Path[..^"api/v3/".Length];
        }

        return root.Uri;
    }
}
