using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Ambient.Testing.Kubernetes;

/// <summary>A request as the fake Kubernetes API received it, before routing.</summary>
/// <param name="Method">The HTTP method, e.g. <c>PATCH</c>.</param>
/// <param name="Path">The path without the query, e.g. <c>/apis/apps/v1/namespaces/shop/deployments/web</c>.</param>
/// <param name="Query">The query string's values.</param>
/// <param name="ContentType">The Content-Type header, e.g. <c>application/strategic-merge-patch+json; charset=utf-8</c>; null without a body.</param>
/// <param name="Body">The body as text; empty for a GET.</param>
public sealed record FakeKubernetesRequest(string Method, string Path, IQueryCollection Query, string? ContentType, string Body)
{
    /// <summary>The body parsed as a JSON object (a patch); throws when it is not one.</summary>
    public JsonObject Json => JsonNode.Parse(Body)?.AsObject() ?? throw new InvalidOperationException($"{Method} {Path} has no JSON body.");

    /// <summary>The User-Agent header: which client sent it.</summary>
    public string? UserAgent { get; init; }

    /// <summary>The media type without parameters, e.g. <c>application/merge-patch+json</c>.</summary>
    public string? MediaType => ContentType?.Split(';')[0].Trim();
}
