using System.Text.Json.Nodes;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Ambient.Tools.Tests;

/// <summary>
/// A local GitHub REST API over real HTTP (WireMock.Net) answering the paths Octokit requests: issues, search and
/// contents. Every request is logged, so tests can see headers, query strings and methods.
/// </summary>
internal sealed class FakeGitHub : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    public string Url => _server.Url! + "/";

    public IReadOnlyList<WireMock.IRequestMessage> Requests => [.. _server.LogEntries.Select(entry => entry.RequestMessage!)];

    public static JsonObject Issue(int number, string title, string? body = null)
    {
        var issue = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "issue.json")))!.AsObject();
        issue["number"] = number;
        issue["title"] = title;
        issue["html_url"] = $"https://github.com/Codertocat/Hello-World/issues/{number}";
        if (body is not null)
        {
            issue["body"] = body;
        }

        return issue;
    }

    public FakeGitHub Get(string path, int status, JsonNode body, params (string Name, string Value)[] headers)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json; charset=utf-8").WithBody(body.ToJsonString());
        foreach (var (name, value) in headers)
        {
            response = response.WithHeader(name, value);
        }

        _server.Given(Request.Create().WithPath(path).UsingGet()).RespondWith(response);
        return this;
    }

    /// <summary>GitHub's error body: <c>{"message": ..., "documentation_url": ...}</c>.</summary>
    public FakeGitHub Error(string path, int status, string message) =>
        Get(path, status, new JsonObject { ["message"] = message, ["documentation_url"] = "https://docs.github.com/rest" });

    public void Dispose() => _server.Stop();
}
