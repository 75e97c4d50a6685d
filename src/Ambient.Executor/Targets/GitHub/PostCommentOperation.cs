using System.Globalization;
using Ambient.Abstractions.Actions;

namespace Ambient.Executor.Targets.GitHub;

/// <summary>
/// <c>comment</c> and <c>propose_pull_request_plan</c>: one POST of a comment ending with the action's marker, which
/// is how an apply interrupted after GitHub took the comment is recognised instead of posted twice.
/// </summary>
internal sealed class PostCommentOperation(ActionRecord action, GitHubRepositoryName repository, long issueNumber, string body, string gist)
    : GitHubOperation(action, repository, issueNumber)
{
    /// <summary>GitHub's limit on a comment's body, in characters; a longer one is refused with 422.</summary>
    public const int MaxBody = 65_536;

    public string Body { get; } = body.Length <= MaxBody ? body
        : throw new ActionFormatException($"action {action.Id}: the comment has {body.Length:N0} characters with its marker; GitHub accepts at most {MaxBody:N0}");

    public override string Describe(ApplyContext context) => $"POST {IssuePath}/comments ({gist}, {Body.Length} chars)";

    public override async Task<TargetOutcome> ApplyAsync(GitHubApi api, ApplyContext context, CancellationToken cancellationToken)
    {
        var comment = await api.CreateCommentAsync(Repository, IssueNumber, Body, cancellationToken).ConfigureAwait(false);
        return TargetOutcome.Applied(comment.Id.ToString(CultureInfo.InvariantCulture), comment.HtmlUrl);
    }

    public override async Task<TargetOutcome?> FindAsync(GitHubApi api, CancellationToken cancellationToken)
    {
        var marker = ActionMarkers.GitHubComment(Action.Id);
        await foreach (var comment in api.ListCommentsAsync(Repository, IssueNumber, cancellationToken).ConfigureAwait(false))
        {
            if (comment.Body?.Contains(marker, StringComparison.Ordinal) == true)
            {
                return TargetOutcome.Applied(comment.Id.ToString(CultureInfo.InvariantCulture), comment.HtmlUrl);
            }
        }

        return null;
    }
}
