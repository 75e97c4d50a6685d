using Ambient.Abstractions.Actions;

namespace Ambient.Executor.Targets.GitHub;

/// <summary>One GitHub action, its arguments read and checked: what it sends, how it applies and how it is found again.</summary>
internal abstract class GitHubOperation(ActionRecord action, GitHubRepositoryName repository, long issueNumber)
{
    public ActionRecord Action { get; } = action;

    public GitHubRepositoryName Repository { get; } = repository;

    public long IssueNumber { get; } = issueNumber;

    /// <summary>What the operation does, for reasons: <c>comment on octo/app#7</c>.</summary>
    public string Subject => $"{Action.Operation} on {Repository}#{IssueNumber}";

    protected string IssuePath => $"/repos/{Repository}/issues/{IssueNumber}";

    /// <exception cref="ActionFormatException">The operation is unknown or its arguments are malformed.</exception>
    public static GitHubOperation Parse(ActionRecord action)
    {
        var arguments = new GitHubActionArguments(action);
        return action.Operation switch
        {
            "add_labels" => new AddLabelsOperation(action, arguments.Repository(), arguments.IssueNumber(), arguments.RequiredStrings("labels")),
            "remove_labels" => new RemoveLabelsOperation(action, arguments.Repository(), arguments.IssueNumber(), arguments.RequiredStrings("labels")),
            "comment" => new PostCommentOperation(
                action, arguments.Repository(), arguments.IssueNumber(), GitHubCommentBodies.Comment(arguments.RequiredString("body"), action.Id), "comment"),
            "propose_pull_request_plan" => PullRequestPlan(action, arguments),
            "delete_comment" or "withdraw_pull_request_plan" => new DeleteCommentOperation(
                action, arguments.Repository(), arguments.IssueNumber(), arguments.RequiredString("actionId")),
            _ => throw arguments.Malformed(
                "GitHub has no such operation (known: add_labels, remove_labels, comment, propose_pull_request_plan, delete_comment, withdraw_pull_request_plan)"),
        };
    }

    /// <summary>What <see cref="ApplyAsync"/> would send, in one line.</summary>
    public abstract string Describe(ApplyContext context);

    /// <summary>Applies the operation; GitHub's refusals surface as Octokit exceptions the target turns into outcomes.</summary>
    public abstract Task<TargetOutcome> ApplyAsync(GitHubApi api, ApplyContext context, CancellationToken cancellationToken);

    /// <summary>
    /// What an interrupted earlier apply left: null unless the operation leaves a marker. Labels and deletes are
    /// idempotent, so applying them again is safe.
    /// </summary>
    public virtual Task<TargetOutcome?> FindAsync(GitHubApi api, CancellationToken cancellationToken) => Task.FromResult<TargetOutcome?>(null);

    private static PostCommentOperation PullRequestPlan(ActionRecord action, GitHubActionArguments arguments)
    {
        var repository = arguments.Repository();
        var issueNumber = arguments.IssueNumber();
        var title = arguments.RequiredString("title");
        var steps = arguments.RequiredStrings("steps");
        var body = GitHubCommentBodies.PullRequestPlan(title, arguments.OptionalBoolean("draft", fallback: true), issueNumber, steps, action.Id);
        return new PostCommentOperation(action, repository, issueNumber, body, $"plan '{title}', {steps.Count} steps");
    }
}
