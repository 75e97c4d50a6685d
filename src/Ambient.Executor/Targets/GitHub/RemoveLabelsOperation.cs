using Ambient.Abstractions.Actions;
using Octokit;

namespace Ambient.Executor.Targets.GitHub;

/// <summary><c>remove_labels</c>: one DELETE per label; a label that is not there (404) is already removed, so it is safe to repeat.</summary>
internal sealed class RemoveLabelsOperation(ActionRecord action, GitHubRepositoryName repository, long issueNumber, IReadOnlyList<string> labels)
    : GitHubOperation(action, repository, issueNumber)
{
    public override string Describe(ApplyContext context) =>
        $"DELETE {IssuePath}/labels/{{label}} ({Action.Operation}: {string.Join(", ", labels)})";

    public override async Task<TargetOutcome> ApplyAsync(GitHubApi api, ApplyContext context, CancellationToken cancellationToken)
    {
        foreach (var label in labels)
        {
            try
            {
                await api.RemoveLabelAsync(Repository, IssueNumber, label, cancellationToken).ConfigureAwait(false);
            }
            catch (NotFoundException)
            {
                // Not on the issue: the state this action asks for.
            }
        }

        return TargetOutcome.Applied($"removed-labels:{string.Join(',', labels)}", GitHubWebLinks.Issue(api.BaseUrl, Repository, IssueNumber));
    }
}
