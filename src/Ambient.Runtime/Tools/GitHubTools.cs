using System.ComponentModel;
using System.Text.Json.Nodes;
using Ambient.Abstractions.Actions;
using Microsoft.SemanticKernel;

namespace Ambient.Runtime.Tools;

/// <summary>The <c>github</c> plugin: proposes issue and pull-request actions (nothing is called on GitHub).</summary>
internal sealed class GitHubTools
{
    [KernelFunction("add_labels"), Description("Propose adding labels to an issue or pull request.")]
    public static async Task<string> AddLabelsAsync(Kernel kernel,
        [Description("owner/name of the repository")] string repository,
        [Description("issue or pull request number")] int issueNumber,
        [Description("labels to add")] string[] labels,
        CancellationToken cancellationToken)
    {
        var action = await RunScope.From(kernel).ProposeAsync(ActionTargets.GitHub, "add_labels", new JsonObject
        {
            ["repository"] = repository,
            ["issueNumber"] = issueNumber,
            ["labels"] = new JsonArray([.. labels.Select(l => JsonValue.Create(l))]),
        }, cancellationToken);
        return $"Proposed action {action.Id}: add labels {string.Join(", ", labels)} to {repository}#{issueNumber}.";
    }

    [KernelFunction("remove_labels"), Description("Propose removing labels from an issue or pull request.")]
    public static async Task<string> RemoveLabelsAsync(Kernel kernel,
        [Description("owner/name of the repository")] string repository,
        [Description("issue or pull request number")] int issueNumber,
        [Description("labels to remove")] string[] labels,
        CancellationToken cancellationToken)
    {
        var action = await RunScope.From(kernel).ProposeAsync(ActionTargets.GitHub, "remove_labels", new JsonObject
        {
            ["repository"] = repository,
            ["issueNumber"] = issueNumber,
            ["labels"] = new JsonArray([.. labels.Select(l => JsonValue.Create(l))]),
        }, cancellationToken);
        return $"Proposed action {action.Id}: remove labels {string.Join(", ", labels)} from {repository}#{issueNumber}.";
    }

    [KernelFunction("comment"), Description("Propose a comment on an issue or pull request.")]
    public static async Task<string> CommentAsync(Kernel kernel,
        [Description("owner/name of the repository")] string repository,
        [Description("issue or pull request number")] int issueNumber,
        [Description("comment text, Markdown")] string body,
        CancellationToken cancellationToken)
    {
        var action = await RunScope.From(kernel).ProposeAsync(ActionTargets.GitHub, "comment", new JsonObject
        {
            ["repository"] = repository,
            ["issueNumber"] = issueNumber,
            ["body"] = body,
        }, cancellationToken);
        return $"Proposed action {action.Id}: comment on {repository}#{issueNumber}.";
    }

    [KernelFunction("propose_pull_request_plan"), Description("Propose a plan for a draft pull request that would resolve an issue.")]
    public static async Task<string> ProposePullRequestPlanAsync(Kernel kernel,
        [Description("owner/name of the repository")] string repository,
        [Description("the issue the pull request resolves")] int issueNumber,
        [Description("title of the draft pull request")] string title,
        [Description("the steps of the change, in order")] string[] steps,
        CancellationToken cancellationToken)
    {
        var action = await RunScope.From(kernel).ProposeAsync(ActionTargets.GitHub, "propose_pull_request_plan", new JsonObject
        {
            ["repository"] = repository,
            ["issueNumber"] = issueNumber,
            ["title"] = title,
            ["draft"] = true,
            ["steps"] = new JsonArray([.. steps.Select(s => JsonValue.Create(s))]),
        }, cancellationToken);
        return $"Proposed action {action.Id}: draft pull request plan '{title}' for {repository}#{issueNumber}.";
    }
}
