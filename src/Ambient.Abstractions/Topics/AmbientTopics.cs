namespace Ambient.Abstractions.Topics;

/// <summary>
/// Names of Ambient's topics, bound from <c>Ambient:Topics</c>; the defaults suit one Ambient per cluster.
/// </summary>
public sealed class AmbientTopics
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Ambient:Topics";

    /// <summary>GitHub webhook events.</summary>
    public string GitHubEvents { get; set; } = "ambient.events.github";

    /// <summary>Slack Events API events.</summary>
    public string SlackEvents { get; set; } = "ambient.events.slack";

    /// <summary>Kubernetes events and Alertmanager alerts.</summary>
    public string ClusterEvents { get; set; } = "ambient.events.cluster";

    /// <summary>Every action agents propose; header <c>ambient-action-target</c> says for whom.</summary>
    public string Actions { get; set; } = "ambient.actions";

    /// <summary>Records that could not be processed, with error headers.</summary>
    public string DeadLetter { get; set; } = "ambient.dlq";

    /// <summary>One record per agent decision.</summary>
    public string Audit { get; set; } = "ambient.audit";

    /// <summary>Schedule ticks for scheduled agents.</summary>
    public string Schedules { get; set; } = "ambient.events.schedule";
}
