namespace Ambient.Abstractions.Events;

/// <summary>The CloudEvent <c>type</c> values Ambient gives the events it bridges.</summary>
public static class CloudEventTypes
{
    /// <summary><c>com.github.&lt;event&gt;.&lt;action&gt;</c>, e.g. <c>com.github.issues.opened</c>; events without an action end at the event name.</summary>
    public static string GitHub(string eventName, string? action) =>
        string.IsNullOrEmpty(action) ? $"com.github.{eventName}" : $"com.github.{eventName}.{action}";

    /// <summary><c>com.slack.&lt;event type&gt;</c>, e.g. <c>com.slack.app_mention</c>.</summary>
    public static string Slack(string eventType) => $"com.slack.{eventType}";

    /// <summary><c>io.k8s.event.&lt;reason&gt;</c>, e.g. <c>io.k8s.event.BackOff</c>.</summary>
    public static string KubernetesEvent(string reason) => $"io.k8s.event.{reason}";

    /// <summary><c>io.prometheus.alert.firing</c> or <c>io.prometheus.alert.resolved</c>.</summary>
    public static string PrometheusAlert(string status) => $"io.prometheus.alert.{status}";

    /// <summary>An A2A Message an agent's inbox received, processed like any event (data = an <c>A2aInboxRequest</c>).</summary>
    public const string A2aMessage = "io.ambient.a2a.message";

    /// <summary>Schedule ticks the worker emits for scheduled agents: <c>io.ambient.schedule.&lt;name&gt;</c>.</summary>
    public static string Schedule(string name) => $"io.ambient.schedule.{name}";
}
