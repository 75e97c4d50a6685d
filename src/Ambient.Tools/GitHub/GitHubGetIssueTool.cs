using System.Globalization;
using System.Text.Json.Nodes;
using Ambient.Abstractions.Tools;
using Ambient.Tools.Internal;
using Octokit;

namespace Ambient.Tools.GitHub;

/// <summary><c>github.get_issue</c>: one issue or pull request of a repository, its body capped.</summary>
internal sealed class GitHubGetIssueTool(GitHubReader reader) : IAmbientTool
{
    public const int MaxBodyChars = 4000;

    public ToolDescriptor Descriptor { get; } = new(
        "github.get_issue",
        "Reads one GitHub issue (or pull request): title, state, labels, author, body, comment count, URL and dates.",
        ToolSchema.ForArguments(
            ToolParameter.OfString("repository", "The repository, 'owner/name'."),
            ToolParameter.OfInteger("issueNumber", "The issue or pull request number.")),
        ToolKind.Read);

    public async Task<ToolResult> InvokeAsync(ToolCall invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var repository = GitHubRepository.Parse(invocation.Arguments.GetString("repository"));
        var number = invocation.Arguments.GetInt64("issueNumber");
        if (number < 1)
        {
            throw new ToolArgumentException($"Argument 'issueNumber' must be a positive issue number, got {number}.");
        }

        var subject = $"issue {repository}#{number}";
        return await ReadToolGuard.RunAsync(
            async () => ToolJson.Content(Summarise(repository, await reader.GetIssueAsync(repository, number, cancellationToken).ConfigureAwait(false))),
            exception => GitHubFailures.Describe(exception, subject, reader.BaseUrl),
            cancellationToken).ConfigureAwait(false);
    }

    private static JsonObject Summarise(GitHubRepository repository, Issue issue) => new()
    {
        ["repository"] = repository.ToString(),
        ["number"] = issue.Number,
        ["title"] = issue.Title,
        ["state"] = issue.State.StringValue,
        ["isPullRequest"] = issue.PullRequest is not null,
        ["labels"] = new JsonArray([.. issue.Labels.Select(label => JsonValue.Create(label.Name))]),
        ["author"] = issue.User?.Login,
        ["body"] = TextCap.Apply(issue.Body ?? string.Empty, MaxBodyChars),
        ["comments"] = issue.Comments,
        ["htmlUrl"] = issue.HtmlUrl,
        ["createdAt"] = issue.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
        ["updatedAt"] = issue.UpdatedAt?.ToString("O", CultureInfo.InvariantCulture),
    };
}
