namespace Ambient.Executor.Targets;

/// <summary>
/// How an applied action is recognised at its target after a crash: each target stores the action id with what it
/// creates, where the system can hold it and a person does not see it.
/// </summary>
public static class ActionMarkers
{
    /// <summary>The hidden line a GitHub comment ends with.</summary>
    public static string GitHubComment(string actionId) => $"<!-- ambient-action: {actionId} -->";

    /// <summary>The Slack message metadata <c>event_type</c> whose payload's <c>action_id</c> is the action id.</summary>
    public const string SlackEventType = "ambient_action";

    /// <summary>The Kubernetes annotation a changed object carries.</summary>
    public const string KubernetesAnnotation = "ambient.io/action-id";
}
