using Ambient.Abstractions.Actions;

namespace Ambient.Executor.Targets.GitHub;

/// <summary><c>add_labels</c>: one POST adding the labels; adding a label the issue already has changes nothing, so it is safe to repeat.</summary>
internal sealed class AddLabelsOperation(ActionRecord action, GitHubRepositoryName repository, long issueNumber, IReadOnlyList<string> labels)
    : GitHubOperation(action, repository, issueNumber)
{
    public override string Describe(ApplyContext context) => $"POST {IssuePath}/labels ({Action.Operation}: {string.Join(", ", labels)})";

    public override async Task<TargetOutcome> ApplyAsync(GitHubApi api, ApplyContext context, CancellationToken cancellationToken)
    {
        await api.AddLabelsAsync(Repository, IssueNumber, labels, cancellationToken).ConfigureAwait(false);
        return TargetOutcome.Applied($"labels:{string.Join(',', labels)}", GitHubWebLinks.Issue(api.BaseUrl, Repository, IssueNumber));
    }
}
