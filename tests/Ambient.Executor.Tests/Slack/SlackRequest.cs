using System.Text.Json.Nodes;
using WireMock;

namespace Ambient.Executor.Tests.Slack;

/// <summary>One request that reached the fake Slack, as the test needs to see it.</summary>
internal sealed record SlackRequest(string HttpMethod, string Method, IReadOnlyDictionary<string, string> Query, JsonObject? Body, string? Authorization, string? ContentType)
{
    public static SlackRequest From(IRequestMessage request) => new(
        request.Method,
        request.Path[(request.Path.LastIndexOf('/') + 1)..],
        request.Query?.ToDictionary(pair => pair.Key, pair => pair.Value.ToString()!) ?? [],
        (request.Body ?? request.BodyData?.BodyAsString) is { Length: > 0 } body ? JsonNode.Parse(body)!.AsObject() : null,
        Header(request, "Authorization"),
        Header(request, "Content-Type"));

    private static string? Header(IRequestMessage request, string name) =>
        request.Headers?.FirstOrDefault(header => string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
}
