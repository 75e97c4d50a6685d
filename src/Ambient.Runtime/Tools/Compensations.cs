using System.Text.Json;
using System.Text.Json.Nodes;
using Ambient.Abstractions.Actions;
using Ambient.Abstractions.Checkpoints;

namespace Ambient.Runtime.Tools;

/// <summary>
/// How a proposed action is undone when a rollback discards the step that proposed it. A tool that can be
/// undone names its inverse here; the rest (a restart that already happened, an email that was sent) cannot,
/// and a rollback says so in an audit record instead.
/// </summary>
public static class Compensations
{
    /// <summary>The action that undoes <paramref name="action"/>, as (operation, arguments), or null when it cannot be undone.</summary>
    public static (string Operation, JsonObject Arguments)? For(CheckpointAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return (action.Target, action.Operation) switch
        {
            (ActionTargets.GitHub, "add_labels") => ("remove_labels", Copy(action, "repository", "issueNumber", "labels")),
            (ActionTargets.GitHub, "remove_labels") => ("add_labels", Copy(action, "repository", "issueNumber", "labels")),
            (ActionTargets.GitHub, "comment") => ("delete_comment", Referencing(action, "repository", "issueNumber")),
            (ActionTargets.GitHub, "propose_pull_request_plan") => ("withdraw_pull_request_plan", Referencing(action, "repository", "issueNumber")),
            (ActionTargets.Slack, "post_message" or "reply_in_thread") => ("delete_message", Referencing(action, "channel")),
            // Restores the recorded replica count while that scale is still the workload's last change (the executor checks).
            (ActionTargets.Kubernetes, "scale_workload") => ("undo_scale", Referencing(action, "namespace", "kind", "name")),
            _ => null,
        };
    }

    // The executor of the original action knows what it created from the action id (comment id, message ts).
    private static JsonObject Referencing(CheckpointAction action, params string[] fields)
    {
        var arguments = Copy(action, fields);
        arguments["actionId"] = action.Id;
        return arguments;
    }

    private static JsonObject Copy(CheckpointAction action, params string[] fields)
    {
        var arguments = new JsonObject();
        foreach (var field in fields)
        {
            if (action.Arguments.ValueKind == JsonValueKind.Object && action.Arguments.TryGetProperty(field, out var value))
            {
                arguments[field] = JsonNode.Parse(value.GetRawText());
            }
        }

        return arguments;
    }
}
