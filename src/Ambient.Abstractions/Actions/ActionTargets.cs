namespace Ambient.Abstractions.Actions;

/// <summary>Values of the <c>ambient-action-target</c> header: which system carries the action out.</summary>
public static class ActionTargets
{
    /// <summary>GitHub: labels, comments, pull requests.</summary>
    public const string GitHub = "github";

    /// <summary>Slack: messages and thread replies.</summary>
    public const string Slack = "slack";

    /// <summary>Kubernetes: restarts, scaling, annotations.</summary>
    public const string Kubernetes = "kubernetes";

    /// <summary>Email: reports and digests.</summary>
    public const string Email = "email";
}
