using System.Globalization;
using Microsoft.Extensions.Options;
using Octokit;

namespace Ambient.Tools.GitHub;

/// <summary>
/// The only way the GitHub tools reach GitHub: three GET requests and nothing else. The Octokit connection (which could
/// also POST, PATCH and DELETE) stays private, so no write is reachable from a tool. One connection per process,
/// created on first use: its HttpClient is meant to be shared.
/// </summary>
internal sealed class GitHubReader
{
    private const string AcceptJson = "application/vnd.github+json";
    private static readonly Uri s_publicApi = new("https://api.github.com/");

    private readonly Lazy<IConnection> _connection;

    public GitHubReader(IOptions<GitHubToolOptions> options)
    {
        BaseUrl = WithTrailingSlash(options.Value.BaseUrl ?? s_publicApi);
        var token = options.Value.Token;
        _connection = new(() => new Connection(
            new ProductHeaderValue("Ambient"),
            BaseUrl,
            new Octokit.Internal.InMemoryCredentialStore(string.IsNullOrWhiteSpace(token) ? Credentials.Anonymous : new Credentials(token, AuthenticationType.Bearer))));
    }

    /// <summary>The API root requests go to.</summary>
    public Uri BaseUrl { get; }

    public async Task<Issue> GetIssueAsync(GitHubRepository repository, long number, CancellationToken cancellationToken) =>
        await GetAsync<Issue>(ApiUrls.Issue(repository.Owner, repository.Name, number), null, cancellationToken).ConfigureAwait(false);

    public async Task<SearchIssuesResult> SearchIssuesAsync(string query, int limit, CancellationToken cancellationToken) =>
        await GetAsync<SearchIssuesResult>(
            ApiUrls.SearchIssues(),
            new Dictionary<string, string> { ["q"] = query, ["per_page"] = limit.ToString(CultureInfo.InvariantCulture) },
            cancellationToken).ConfigureAwait(false);

    /// <summary>The file, or null when the path is a directory (answered with an array).</summary>
    public async Task<RepositoryContent?> GetFileAsync(GitHubRepository repository, string path, string? reference, CancellationToken cancellationToken)
    {
        var url = reference is null
            ? ApiUrls.RepositoryContent(repository.Owner, repository.Name, path)
            : ApiUrls.RepositoryContent(repository.Owner, repository.Name, path, reference);
        var response = await _connection.Value.Get<RepositoryContent>(url, null, AcceptJson, cancellationToken).ConfigureAwait(false);
        return response.Body;
    }

    private async Task<T> GetAsync<T>(Uri url, IDictionary<string, string>? parameters, CancellationToken cancellationToken)
    {
        var response = await _connection.Value.Get<T>(url, parameters, AcceptJson, cancellationToken).ConfigureAwait(false);
        return response.Body;
    }

    private static Uri WithTrailingSlash(Uri url) =>
        url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
}
