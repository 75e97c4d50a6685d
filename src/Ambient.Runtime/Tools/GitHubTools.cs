using System.Text.Json.Nodes;
using Ambient.Abstractions.Actions;
using Ambient.Abstractions.Tools;
using static Ambient.Abstractions.Tools.ToolParameter;

namespace Ambient.Runtime.Tools;

/// <summary>The <c>github</c> effect tools: issue and pull-request actions, proposed (an executor applies them).</summary>
internal static class GitHubTools
{
    private static readonly ToolParameter s_repository = OfString("repository", "owner/name of the repository");

    public static IReadOnlyList<IAmbientTool> All { get; } =
    [
        ProposingTool.Create("github.add_labels", "Propose adding labels to an issue or pull request.", ActionTargets.GitHub,
            [s_repository, OfInteger("issueNumber", "issue or pull request number"), OfStrings("labels", "labels to add")],
            a => (Labels(a), $"add labels {string.Join(", ", a.GetStrings("labels"))} to {a.GetString("repository")}#{a.GetInt64("issueNumber")}")),
        ProposingTool.Create("github.remove_labels", "Propose removing labels from an issue or pull request.", ActionTargets.GitHub,
            [s_repository, OfInteger("issueNumber", "issue or pull request number"), OfStrings("labels", "labels to remove")],
            a => (Labels(a), $"remove labels {string.Join(", ", a.GetStrings("labels"))} from {a.GetString("repository")}#{a.GetInt64("issueNumber")}")),
        ProposingTool.Create("github.comment", "Propose a comment on an issue or pull request.", ActionTargets.GitHub,
            [s_repository, OfInteger("issueNumber", "issue or pull request number"), OfString("body", "comment text, Markdown")],
            a => (new JsonObject { ["repository"] = a.GetString("repository"), ["issueNumber"] = a.GetInt64("issueNumber"), ["body"] = a.GetString("body") },
                $"comment on {a.GetString("repository")}#{a.GetInt64("issueNumber")}")),
        ProposingTool.Create("github.propose_pull_request_plan", "Propose a plan for a draft pull request that would resolve an issue.", ActionTargets.GitHub,
            [s_repository, OfInteger("issueNumber", "the issue the pull request resolves"), OfString("title", "title of the draft pull request"),
                OfStrings("steps", "the steps of the change, in order")],
            a => (new JsonObject
            {
                ["repository"] = a.GetString("repository"),
                ["issueNumber"] = a.GetInt64("issueNumber"),
                ["title"] = a.GetString("title"),
                ["draft"] = true,
                ["steps"] = ProposingTool.Array(a.GetStrings("steps")),
            }, $"draft pull request plan '{a.GetString("title")}' for {a.GetString("repository")}#{a.GetInt64("issueNumber")}")),
    ];

    private static JsonObject Labels(ToolArguments a) => new()
    {
        ["repository"] = a.GetString("repository"),
        ["issueNumber"] = a.GetInt64("issueNumber"),
        ["labels"] = ProposingTool.Array(a.GetStrings("labels")),
    };
}
