using System.Text;

namespace Ambient.Executor.Targets.GitHub;

/// <summary>The Markdown of the comments the target posts, each ending with the action's hidden marker.</summary>
internal static class GitHubCommentBodies
{
    public static string Comment(string body, string actionId) => body + "\n\n" + ActionMarkers.GitHubComment(actionId);

    /// <summary>The plan as a heading and a task list, one unchecked item per step, so progress can be ticked off on the issue.</summary>
    public static string PullRequestPlan(string title, bool draft, long issueNumber, IReadOnlyList<string> steps, string actionId)
    {
        var text = new StringBuilder()
            .Append("### ").Append(OneLine(title)).Append("\n\n")
            .Append("Plan for a ").Append(draft ? "draft " : "").Append("pull request resolving #").Append(issueNumber).Append(":\n\n");
        foreach (var step in steps)
        {
            text.Append("- [ ] ").Append(OneLine(step)).Append('\n');
        }

        return Comment(text.ToString().TrimEnd('\n'), actionId);
    }

    // A line break inside a step would end its task-list item.
    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
