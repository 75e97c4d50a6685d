using System.Globalization;
using System.Text.Json.Nodes;
using Ambient.Abstractions.Tools;
using Ambient.Tools.Internal;
using k8s.Models;

namespace Ambient.Tools.Kubernetes;

/// <summary><c>kubernetes.events</c>: the Warning events of one object, newest first; what the cluster said went wrong.</summary>
internal sealed class KubernetesEventsTool(KubernetesReader reader) : IAmbientTool
{
    public const int MaxEvents = 20;

    public ToolDescriptor Descriptor { get; } = new(
        "kubernetes.events",
        $"Lists the Warning events of one Kubernetes object (e.g. BackOff, FailedScheduling, Unhealthy), newest first, at most {MaxEvents}: reason, message, count, first and last time.",
        ToolSchema.ForArguments(
            ToolParameter.OfString("namespace", "The namespace the events are in (the object's; 'default' for a Node)."),
            ToolParameter.OfString("kind", $"The object's kind, one of {KubernetesObjectKinds.Allowed}."),
            ToolParameter.OfString("name", "The object's name.")),
        ToolKind.Read);

    public async Task<ToolResult> InvokeAsync(ToolCall invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var (reference, failure) = KubernetesObjectReference.Read(invocation.Arguments, reader);
        if (reference is null)
        {
            return failure!;
        }

        var (namespaceName, kind, name) = reference;

        // Names were validated above, so they cannot smuggle a ',' or '=' into the selector.
        var selector = $"involvedObject.kind={kind},involvedObject.name={name},type=Warning";
        var subject = $"events of {kind} {namespaceName}/{name}";
        return await ReadToolGuard.RunAsync(
            async () => ToolJson.Content(Summarise(kind, namespaceName, name, await reader.ListEventsAsync(namespaceName, selector, cancellationToken).ConfigureAwait(false))),
            exception => KubernetesFailures.Describe(exception, subject, reader.Server),
            cancellationToken).ConfigureAwait(false);
    }

    private static JsonObject Summarise(KubernetesObjectKind kind, string namespaceName, string name, IList<Corev1Event> events)
    {
        // The selector already asks for Warnings; filtering again keeps the promise if a server ignores a field.
        var warnings = events.Where(e => e.Type == "Warning").OrderByDescending(LastSeen).ToList();
        return new JsonObject
        {
            ["kind"] = kind.ToString(),
            ["namespace"] = namespaceName,
            ["name"] = name,
            ["total"] = warnings.Count,
            ["events"] = new JsonArray([.. warnings.Take(MaxEvents).Select(e => new JsonObject
            {
                ["reason"] = e.Reason,
                ["message"] = TextCap.Apply(e.Message ?? string.Empty, KubernetesJsonPick.MaxMessageChars),
                ["count"] = e.Count ?? e.Series?.Count ?? 1,
                ["firstTimestamp"] = Timestamp(e.FirstTimestamp ?? e.EventTime ?? e.Metadata?.CreationTimestamp),
                ["lastTimestamp"] = Timestamp(LastSeen(e)),
            })]),
        };
    }

    // Newer components set eventTime and series instead of the legacy timestamps.
    private static DateTime? LastSeen(Corev1Event e) =>
        e.LastTimestamp ?? e.Series?.LastObservedTime ?? e.EventTime ?? e.FirstTimestamp ?? e.Metadata?.CreationTimestamp;

    private static string? Timestamp(DateTime? time) => time?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
