using System.Text;
using Ambient.Abstractions.Events;
using Ambient.Gateway.Delivery;
using k8s;
using k8s.Models;

namespace Ambient.Gateway.Kubernetes;

/// <summary>
/// A core/v1 Event as a CloudEvent: <c>io.k8s.event.&lt;reason&gt;</c>, id = the Event's uid (Kubernetes bumps
/// <c>count</c> on the same object when an event repeats, so a bump is a duplicate, not a new event), source
/// <c>/k8s/&lt;namespace&gt;</c>, subject and key from the involved object; the data is the Event as JSON.
/// </summary>
internal static class KubernetesEventMapper
{
    public static GatewayEvent Map(Corev1Event kubernetesEvent, string topic, DateTimeOffset receivedAt)
    {
        var involved = kubernetesEvent.InvolvedObject;
        var eventNamespace = kubernetesEvent.Metadata?.NamespaceProperty;
        var objectNamespace = involved?.NamespaceProperty ?? eventNamespace ?? "cluster";
        var objectName = involved?.Name ?? kubernetesEvent.Metadata?.Name ?? "unknown";
        var id = kubernetesEvent.Metadata?.Uid is { Length: > 0 } uid ? uid : $"{eventNamespace}/{kubernetesEvent.Metadata?.Name}";
        var data = Encoding.UTF8.GetBytes(KubernetesJson.Serialize(kubernetesEvent));
        var cloudEvent = new AmbientEvent(id, $"/k8s/{eventNamespace ?? "cluster"}", CloudEventTypes.KubernetesEvent(Reason(kubernetesEvent.Reason)),
            $"{objectNamespace}/{objectName}", receivedAt, "application/json", data);
        return new GatewayEvent(topic, EntityKeys.Kubernetes(objectNamespace, objectName), cloudEvent, IngressKinds.Kubernetes);
    }

    // Reasons are CamelCase words by convention (BackOff, FailedScheduling); anything else must not make an odd type.
    private static string Reason(string? reason) =>
        reason is { Length: > 0 and <= 128 } && reason.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.') ? reason : "Unknown";
}
