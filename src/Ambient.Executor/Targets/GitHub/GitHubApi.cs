using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Octokit;
using Octokit.Internal;

namespace Ambient.Executor.Targets.GitHub;

/// <summary>
/// The requests the GitHub target makes, through one Octokit connection with a bearer token. The connection is used
/// directly rather than through <see cref="GitHubClient"/>, whose methods take no cancellation token; each request
/// gets the configured timeout, after which it throws <see cref="TimeoutException"/>.
/// </summary>
internal sealed class GitHubApi
{
    private const string AcceptJson = "application/vnd.github+json";
    private const string ContentJson = "application/json";
    private const int CommentsPerPage = 100;

    private readonly Connection _connection;
    private readonly TimeSpan _timeout;

    public GitHubApi(Uri baseUrl, string token, TimeSpan timeout)
    {
        BaseUrl = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        _timeout = timeout;
        _connection = new Connection(
            new ProductHeaderValue("Ambient"),
            BaseUrl,
            new InMemoryCredentialStore(new Credentials(token, AuthenticationType.Bearer)));

        // Also ends the requests Octokit takes no token for (DELETE), which WithTimeoutAsync can only abandon.
        _connection.SetRequestTimeout(timeout);
    }

    /// <summary>The API root requests go to.</summary>
    public Uri BaseUrl { get; }

    public Task AddLabelsAsync(GitHubRepositoryName repository, long issueNumber, IReadOnlyList<string> labels, CancellationToken cancellationToken) =>
        WithTimeoutAsync(
            token => _connection.Post<object>(
                Path($"{Issue(repository, issueNumber)}/labels"),
                new JsonObject { ["labels"] = new JsonArray([.. labels.Select(label => JsonValue.Create(label))]) }.ToJsonString(),
                AcceptJson,
                ContentJson,
                token),
            cancellationToken);

    /// <exception cref="NotFoundException">The label is not on the issue (or the issue does not exist).</exception>
    public Task RemoveLabelAsync(GitHubRepositoryName repository, long issueNumber, string label, CancellationToken cancellationToken) =>
        DeleteAsync(Path($"{Issue(repository, issueNumber)}/labels/{Uri.EscapeDataString(label)}"), cancellationToken);

    public async Task<IssueComment> CreateCommentAsync(GitHubRepositoryName repository, long issueNumber, string body, CancellationToken cancellationToken)
    {
        var response = await WithTimeoutAsync(
            token => _connection.Post<IssueComment>(
                Path($"{Issue(repository, issueNumber)}/comments"),
                new JsonObject { ["body"] = body }.ToJsonString(),
                AcceptJson,
                ContentJson,
                token),
            cancellationToken).ConfigureAwait(false);
        return response.Body;
    }

    /// <exception cref="NotFoundException">The comment does not exist (any more).</exception>
    public Task DeleteCommentAsync(GitHubRepositoryName repository, long commentId, CancellationToken cancellationToken) =>
        DeleteAsync(Path($"repos/{repository}/issues/comments/{commentId.ToString(CultureInfo.InvariantCulture)}"), cancellationToken);

    /// <summary>The issue's comments, oldest first, a page at a time following GitHub's <c>Link: rel="next"</c>.</summary>
    public async IAsyncEnumerable<IssueComment> ListCommentsAsync(
        GitHubRepositoryName repository, long issueNumber, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Uri? page = Path($"{Issue(repository, issueNumber)}/comments");
        var parameters = new Dictionary<string, string> { ["per_page"] = CommentsPerPage.ToString(CultureInfo.InvariantCulture) };
        while (page is not null)
        {
            var current = page;
            var query = parameters;
            var response = await WithTimeoutAsync(
                token => _connection.Get<List<IssueComment>>(current, query, AcceptJson, token), cancellationToken).ConfigureAwait(false);
            foreach (var comment in response.Body)
            {
                yield return comment;
            }

            // The next link is absolute and carries its own query.
            page = response.HttpResponse.ApiInfo.GetNextPageUrl();
            parameters = [];
        }
    }

    // Octokit's DELETE takes no token: on timeout or cancellation it is abandoned, and ends at the request timeout.
    private async Task DeleteAsync(Uri path, CancellationToken cancellationToken) =>
        await WithTimeoutAsync(token => _connection.Delete(path).WaitAsync(token), cancellationToken).ConfigureAwait(false);

    private async Task<T> WithTimeoutAsync<T>(Func<CancellationToken, Task<T>> request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            return await request(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"GitHub did not answer within {_timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", exception);
        }
    }

    private static string Issue(GitHubRepositoryName repository, long issueNumber) =>
        $"repos/{repository}/issues/{issueNumber.ToString(CultureInfo.InvariantCulture)}";

    private static Uri Path(string relative) => new(relative, UriKind.Relative);
}
