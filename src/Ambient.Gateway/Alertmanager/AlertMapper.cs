using System.Text;
using System.Text.Json;
using Ambient.Abstractions.Events;
using Ambient.Gateway.Delivery;
using Ambient.Gateway.Http;

namespace Ambient.Gateway.Alertmanager;

/// <summary>
/// An Alertmanager webhook (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config) as one CloudEvent
/// per alert: <c>io.prometheus.alert.firing|resolved</c>, id <c>fingerprint/startsAt/status</c> (so a repeat
/// notification of the same alert is a duplicate, its resolution is not), subject = the alert name, key
/// <c>k8s:namespace/object</c> from the labels. The data is the alert object with its status.
/// </summary>
internal static class AlertMapper
{
    private static readonly string[] s_objectLabels = ["pod", "pod_name", "deployment", "statefulset", "daemonset", "service", "job", "instance"];

    public static IReadOnlyList<GatewayEvent>? Map(JsonElement root, string topic, DateTimeOffset receivedAt, out string? error)
    {
        error = null;
        if (!root.TryGetProperty("alerts", out var alerts) || alerts.ValueKind != JsonValueKind.Array || alerts.GetArrayLength() == 0)
        {
            error = "The payload has no 'alerts' array with at least one alert.";
            return null;
        }

        var groupStatus = Text(root, "status");
        var source = Text(root, "externalURL") is { } url && Uri.TryCreate(url, UriKind.Absolute, out _) ? url : "/alertmanager";
        var events = new List<GatewayEvent>();
        foreach (var alert in alerts.EnumerateArray())
        {
            if (alert.ValueKind != JsonValueKind.Object || !alert.TryGetProperty("labels", out var labels) || labels.ValueKind != JsonValueKind.Object)
            {
                error = "Every alert must be an object with a 'labels' object.";
                return null;
            }

            var status = Text(alert, "status") ?? groupStatus;
            if (status is not ("firing" or "resolved"))
            {
                error = "Every alert needs a status of 'firing' or 'resolved' (its own or the group's).";
                return null;
            }

            var fingerprint = Text(alert, "fingerprint") is { } given && Names.IsId(given) ? given : Fingerprint(labels);
            var id = $"{fingerprint}/{Text(alert, "startsAt") ?? "unknown"}/{status}";
            if (!Names.IsId(id))
            {
                error = "An alert's startsAt is not a timestamp.";
                return null;
            }

            var alertName = Text(labels, "alertname");
            var data = WithStatus(alert, status);
            var cloudEvent = new AmbientEvent(id, source, CloudEventTypes.PrometheusAlert(status), alertName, receivedAt, "application/json", data);
            events.Add(new GatewayEvent(topic, Key(labels, alertName), cloudEvent, IngressKinds.Alertmanager));
        }

        return events;
    }

    /// <summary><c>k8s:namespace/object</c>: the alert's namespace and the most specific object label it has.</summary>
    private static string Key(JsonElement labels, string? alertName)
    {
        var name = s_objectLabels.Select(label => Text(labels, label)).FirstOrDefault(value => !string.IsNullOrEmpty(value)) ?? alertName ?? "alert";
        return EntityKeys.Kubernetes(Text(labels, "namespace") ?? "cluster", name);
    }

    /// <summary>Alertmanager's fingerprint is a hash of the label set; senders that omit it get the same idea: sorted labels, hashed.</summary>
    private static string Fingerprint(JsonElement labels)
    {
        var canonical = string.Join('\n', labels.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"{p.Name}={p.Value}"));
        return Secrets.ContentId(Encoding.UTF8.GetBytes(canonical))[..23];
    }

    private static byte[] WithStatus(JsonElement alert, string status)
    {
        if (alert.TryGetProperty("status", out _))
        {
            return Encoding.UTF8.GetBytes(alert.GetRawText());
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("status", status);
            foreach (var property in alert.EnumerateObject())
            {
                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
