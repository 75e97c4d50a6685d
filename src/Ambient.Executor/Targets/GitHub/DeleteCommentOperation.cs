using System.Globalization;
using Ambient.Abstractions.Actions;
using Octokit;

namespace Ambient.Executor.Targets.GitHub;

/// <summary>
/// <c>delete_comment</c> and <c>withdraw_pull_request_plan</c>, the compensations of a comment and a plan: one DELETE
/// of the comment the undone action created, known from its recorded external id. A comment already gone (404) is
/// the state asked for, so it is safe to repeat.
/// </summary>
internal sealed class DeleteCommentOperation(ActionRecord action, GitHubRepositoryName repository, long issueNumber, string undoneActionId)
    : GitHubOperation(action, repository, issueNumber)
{
    public override string Describe(ApplyContext context) =>
        $"DELETE /repos/{Repository}/issues/comments/{context.CompensatedExternalId ?? "(none)"} ({Action.Operation}, undoing {undoneActionId} on {Repository}#{IssueNumber})";

    public override async Task<TargetOutcome> ApplyAsync(GitHubApi api, ApplyContext context, CancellationToken cancellationToken)
    {
        if (context.CompensatedExternalId is not { } externalId)
        {
            return TargetOutcome.Failed($"Nothing to delete for {Subject}: the action it undoes ({undoneActionId}) was never applied, so it posted no comment.");
        }

        if (!long.TryParse(externalId, NumberStyles.None, CultureInfo.InvariantCulture, out var commentId))
        {
            return TargetOutcome.Failed($"Cannot delete for {Subject}: the action it undoes ({undoneActionId}) recorded '{externalId}', which is not a comment id.");
        }

        try
        {
            await api.DeleteCommentAsync(Repository, commentId, cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            // Already deleted, by an earlier apply or by a person.
        }

        return TargetOutcome.Applied(externalId, GitHubWebLinks.Issue(api.BaseUrl, Repository, IssueNumber));
    }
}
