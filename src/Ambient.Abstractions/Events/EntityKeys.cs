using System.Globalization;

namespace Ambient.Abstractions.Events;

/// <summary>
/// Record keys name the entity an event is about, so one entity's events land in one partition and
/// stay ordered (e.g. every event of one GitHub issue).
/// </summary>
public static class EntityKeys
{
    /// <summary><c>github:owner/repo#42</c>, or <c>github:owner/repo</c> for repository-wide events.</summary>
    public static string GitHub(string repository, long? number = null) =>
        number is null ? $"github:{repository}" : string.Create(CultureInfo.InvariantCulture, $"github:{repository}#{number}");

    /// <summary><c>slack:T123/C456</c>.</summary>
    public static string Slack(string team, string channel) => $"slack:{team}/{channel}";

    /// <summary><c>k8s:namespace/name</c> of the object an event or alert is about.</summary>
    public static string Kubernetes(string @namespace, string name) => $"k8s:{@namespace}/{name}";
}
