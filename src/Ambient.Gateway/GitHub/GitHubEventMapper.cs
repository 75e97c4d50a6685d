using System.Text.Json;
using Ambient.Abstractions.Events;
using Ambient.Gateway.Delivery;

namespace Ambient.Gateway.GitHub;

/// <summary>
/// A GitHub delivery as a CloudEvent: type <c>com.github.&lt;event&gt;.&lt;action&gt;</c>, id = the delivery id, source = the
/// repository (or organisation) URL, subject <c>owner/repo#number</c> when the payload has an issue or pull request
/// number, else <c>owner/repo</c>; the data is the body exactly as GitHub signed it.
/// </summary>
internal static class GitHubEventMapper
{
    /// <summary>The event, or null with <paramref name="error"/> when the payload is not a JSON object.</summary>
    public static GatewayEvent? Map(string eventName, string deliveryId, ReadOnlyMemory<byte> body, string topic, DateTimeOffset receivedAt, out string? error)
    {
        using var document = Http.JsonBodies.TryParseObject(body, out error);
        if (document is null)
        {
            return null;
        }

        var root = document.RootElement;
        var action = Text(root, "action");
        if (action is not null && !Http.Names.IsEventWord(action))
        {
            error = "The payload's 'action' is not an event name.";
            return null;
        }

        var repository = root.TryGetProperty("repository", out var repo) && repo.ValueKind == JsonValueKind.Object ? Text(repo, "full_name") : null;
        var organization = root.TryGetProperty("organization", out var org) && org.ValueKind == JsonValueKind.Object ? Text(org, "login") : null;
        var number = Number(root, "issue") ?? Number(root, "pull_request") ?? Number(root, "discussion") ?? IntegerOf(root, "number");
        var owner = repository ?? organization;
        var source = owner is null ? "https://github.com" : $"https://github.com/{owner}";
        var subject = repository is null ? null : number is null ? repository : $"{repository}#{number}";
        var key = owner is null ? "github" : EntityKeys.GitHub(owner, repository is null ? null : number);
        var cloudEvent = new AmbientEvent(deliveryId, source, CloudEventTypes.GitHub(eventName, action), subject, receivedAt, "application/json", body);
        return new GatewayEvent(topic, key, cloudEvent, IngressKinds.GitHub);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Number(JsonElement root, string container) =>
        root.TryGetProperty(container, out var value) && value.ValueKind == JsonValueKind.Object ? IntegerOf(value, "number") : null;

    private static long? IntegerOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;
}
