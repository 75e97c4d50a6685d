using System.Text.Json.Nodes;
using Ambient.Abstractions.Tools;
using Ambient.Tools.Internal;
using Octokit;

namespace Ambient.Tools.GitHub;

/// <summary><c>github.search_issues</c>: issues and pull requests of one repository matching a query (GitHub search syntax).</summary>
internal sealed class GitHubSearchIssuesTool(GitHubReader reader) : IAmbientTool
{
    public const int DefaultLimit = 5;
    public const int MaxLimit = 20;

    public ToolDescriptor Descriptor { get; } = new(
        "github.search_issues",
        "Searches the issues and pull requests of one GitHub repository (GitHub search syntax, e.g. 'is:open label:bug timeout'); returns number, title, state, labels and URL of each.",
        ToolSchema.ForArguments(
            ToolParameter.OfString("repository", "The repository, 'owner/name'; the search never leaves it."),
            ToolParameter.OfString("query", "Search terms and qualifiers such as is:open, label:bug; no repo:, org: or user: qualifiers."),
            ToolParameter.OfInteger("limit", $"How many results, {DefaultLimit} by default, at most {MaxLimit}.", required: false)),
        ToolKind.Read);

    public async Task<ToolResult> InvokeAsync(ToolCall invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var repository = GitHubRepository.Parse(invocation.Arguments.GetString("repository"));
        var query = GitHubSearchQuery.Scope(repository, invocation.Arguments.GetString("query"));
        var limit = invocation.Arguments.GetOptionalInt64("limit") ?? DefaultLimit;
        if (limit is < 1 or > MaxLimit)
        {
            throw new ToolArgumentException($"Argument 'limit' must be between 1 and {MaxLimit}, got {limit}.");
        }

        return await ReadToolGuard.RunAsync(
            async () => ToolJson.Content(Summarise(query, await reader.SearchIssuesAsync(query, (int)limit, cancellationToken).ConfigureAwait(false), (int)limit)),
            exception => GitHubFailures.Describe(exception, $"a search of {repository}", reader.BaseUrl),
            cancellationToken).ConfigureAwait(false);
    }

    private static JsonObject Summarise(string query, SearchIssuesResult result, int limit) => new()
    {
        ["query"] = query,
        ["totalCount"] = result.TotalCount,
        ["items"] = new JsonArray([.. result.Items.Take(limit).Select(issue => new JsonObject
        {
            ["number"] = issue.Number,
            ["title"] = issue.Title,
            ["state"] = issue.State.StringValue,
            ["isPullRequest"] = issue.PullRequest is not null,
            ["labels"] = new JsonArray([.. issue.Labels.Select(label => JsonValue.Create(label.Name))]),
            ["htmlUrl"] = issue.HtmlUrl,
        })]),
    };
}
