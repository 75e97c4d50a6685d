using System.Text.Json;
using Ambient.Abstractions.Events;
using Ambient.Gateway.Delivery;
using Ambient.Gateway.Http;

namespace Ambient.Gateway.Slack;

/// <summary>
/// Slack Events API and interaction payloads as CloudEvents: <c>com.slack.&lt;event type&gt;</c> (interactions:
/// <c>com.slack.interaction.&lt;type&gt;</c>), id = <c>event_id</c> (interactions: <c>trigger_id</c>; the body's SHA-256
/// when absent), source <c>/slack/&lt;team&gt;</c>, subject = the channel, key <c>slack:team/channel</c>.
/// </summary>
internal static class SlackEventMapper
{
    /// <summary>An Events API callback; one without an inner <c>event</c> goes to <paramref name="unroutedTopic"/>.</summary>
    public static GatewayEvent? MapEvent(JsonElement root, ReadOnlyMemory<byte> body, string topic, string unroutedTopic, DateTimeOffset receivedAt, out string? error)
    {
        error = null;
        var team = Text(root, "team_id");
        var inner = root.TryGetProperty("event", out var e) && e.ValueKind == JsonValueKind.Object ? e : (JsonElement?)null;
        var eventType = inner is { } ev ? Text(ev, "type") : null;
        var outerType = Text(root, "type");
        var type = eventType ?? (string.IsNullOrEmpty(outerType) ? "unknown" : outerType);
        if (!Names.IsEventWord(type))
        {
            error = "The payload's event type is not an event name.";
            return null;
        }

        var channel = inner is { } withChannel ? Text(withChannel, "channel") ?? Nested(withChannel, "item", "channel") : null;
        var id = Text(root, "event_id") is { } eventId && Names.IsId(eventId) ? eventId : Secrets.ContentId(body.Span);
        var cloudEvent = new AmbientEvent(id, Source(team), CloudEventTypes.Slack(type), NullIfEmpty(channel), receivedAt, "application/json", body);
        return new GatewayEvent(eventType is null ? unroutedTopic : topic, Key(team, channel), cloudEvent, IngressKinds.Slack);
    }

    /// <summary>An interaction (<c>payload=</c> of a form post): button clicks, modal submissions, shortcuts.</summary>
    public static GatewayEvent? MapInteraction(JsonElement payload, ReadOnlyMemory<byte> payloadBytes, string topic, DateTimeOffset receivedAt, out string? error)
    {
        error = null;
        var type = Text(payload, "type");
        if (!Names.IsEventWord(type))
        {
            error = "The interaction payload has no 'type' naming the interaction.";
            return null;
        }

        var team = Nested(payload, "team", "id");
        var channel = Nested(payload, "channel", "id");
        var id = Text(payload, "trigger_id") is { } trigger && Names.IsId(trigger) ? trigger : Secrets.ContentId(payloadBytes.Span);
        var cloudEvent = new AmbientEvent(id, Source(team), CloudEventTypes.Slack($"interaction.{type}"), NullIfEmpty(channel), receivedAt, "application/json", payloadBytes);
        return new GatewayEvent(topic, Key(team, channel), cloudEvent, IngressKinds.Slack);
    }

    private static string Source(string? team) => string.IsNullOrEmpty(team) ? "/slack" : $"/slack/{Uri.EscapeDataString(team)}";

    private static string Key(string? team, string? channel) =>
        string.IsNullOrEmpty(team) ? "slack" : string.IsNullOrEmpty(channel) ? $"slack:{team}" : EntityKeys.Slack(team, channel);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Nested(JsonElement element, string container, string name) =>
        element.TryGetProperty(container, out var inner) && inner.ValueKind == JsonValueKind.Object ? Text(inner, name) : null;
}
