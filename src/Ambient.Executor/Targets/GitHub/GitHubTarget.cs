using Ambient.Abstractions.Actions;
using Microsoft.Extensions.Options;

namespace Ambient.Executor.Targets.GitHub;

/// <summary>
/// The <c>github</c> target: adds and removes labels, posts comments and pull-request plans, and deletes them again
/// as compensations, through GitHub's REST API (or GitHub Enterprise Server's).
/// </summary>
internal sealed class GitHubTarget : IActionTarget
{
    private static readonly string s_missingToken =
        $"GitHub is not configured: set {GitHubTargetOptions.SectionName}:Token to a token allowed to write issues.";

    private readonly TimeProvider _time;

    // Created on first use, so a process that never applies a GitHub action opens no connection.
    private readonly Lazy<GitHubApi?> _api;

    public GitHubTarget(IOptions<GitHubTargetOptions> options, TimeProvider time)
    {
        var settings = options.Value;
        _time = time;
        _api = new(() => string.IsNullOrWhiteSpace(settings.Token) ? null : new GitHubApi(settings.BaseUrl, settings.Token, settings.Timeout));
    }

    public string Name => ActionTargets.GitHub;

    public string ScopeOf(ActionRecord action) => GitHubOperation.Parse(action).Repository.ToString();

    public string Describe(ActionRecord action, ApplyContext context) => GitHubOperation.Parse(action).Describe(context);

    public async Task<TargetOutcome> ApplyAsync(ActionRecord action, ApplyContext context, CancellationToken cancellationToken)
    {
        var operation = GitHubOperation.Parse(action);
        if (_api.Value is not { } api)
        {
            return TargetOutcome.Failed(s_missingToken);
        }

        try
        {
            return await operation.ApplyAsync(api, context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (GitHubAnswers.ToOutcome(exception, operation.Subject, api.BaseUrl, _time) is { } outcome)
        {
            return outcome;
        }
    }

    public async Task<TargetOutcome?> FindAsync(ActionRecord action, ApplyContext context, CancellationToken cancellationToken)
    {
        var operation = GitHubOperation.Parse(action);

        // Without a token GitHub cannot be asked; the apply that follows fails naming the key and posts nothing.
        if (_api.Value is not { } api)
        {
            return null;
        }

        try
        {
            return await operation.FindAsync(api, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (GitHubAnswers.ToOutcome(exception, $"looking for {operation.Subject}", api.BaseUrl, _time) is { } outcome)
        {
            // A refusal (the issue is gone, the token may not read it) means the apply that follows is refused the
            // same way and posts nothing, so applying is safe; throttling or silence is asked again later.
            return outcome.Kind == TargetOutcomeKind.Retry ? outcome : null;
        }
    }
}
