using System.Globalization;
using System.Text.Json.Nodes;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Ambient.Executor.Tests.GitHub;

/// <summary>
/// A local GitHub REST API over real HTTP (WireMock.Net) answering what the target sends: label and comment
/// writes, comment pages and deletes. Every request is logged, so tests see methods, paths, bodies and headers.
/// </summary>
internal sealed class FakeGitHub : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    public string Url => _server.Url! + "/";

    public IReadOnlyList<WireMock.IRequestMessage> Requests => [.. _server.LogEntries.Select(entry => entry.RequestMessage!)];

    /// <summary>The status each request was answered with, in order: which mapping matched it.</summary>
    public IReadOnlyList<int> Statuses =>
        [.. _server.LogEntries.Select(entry => Convert.ToInt32(entry.ResponseMessage!.StatusCode, CultureInfo.InvariantCulture))];

    public static JsonObject Comment(long id, string body) => new()
    {
        ["id"] = id,
        ["node_id"] = $"IC_{id}",
        ["url"] = $"https://api.github.com/repos/octo/app/issues/comments/{id}",
        ["html_url"] = $"https://github.com/octo/app/issues/7#issuecomment-{id}",
        ["body"] = body,
        ["user"] = new JsonObject { ["login"] = "ambient-bot", ["id"] = 41 },
        ["created_at"] = "2026-03-01T10:00:00Z",
        ["updated_at"] = "2026-03-01T10:00:00Z",
        ["author_association"] = "NONE",
    };

    /// <summary>GitHub's error body: <c>{"message": ..., "documentation_url": ...}</c>.</summary>
    public static JsonObject Error(string message) => new() { ["message"] = message, ["documentation_url"] = "https://docs.github.com/rest" };

    public FakeGitHub On(string method, string path, int status, JsonNode? body = null, params (string Name, string Value)[] headers) =>
        Map(Request.Create().WithPath(path).UsingMethod(method), Answer(status, body, headers));

    /// <summary>One page of a listing: <paramref name="page"/> 1 is the request without a page parameter.</summary>
    public FakeGitHub Page(string path, int page, JsonArray items, int? nextPage)
    {
        var request = Request.Create().WithPath(path).UsingGet();
        var headers = nextPage is { } next ? new[] { ("Link", $"<{_server.Url}{path}?per_page=100&page={next}>; rel=\"next\"") } : [];
        var response = Answer(200, items, headers);

        // Later pages are matched first, by their page parameter; the first page takes what is left.
        _server.Given(page == 1 ? request : request.WithParam("page", page.ToString(CultureInfo.InvariantCulture)))
            .AtPriority(page == 1 ? 10 : 1)
            .RespondWith(response);
        return this;
    }

    public void Dispose() => _server.Stop();

    private FakeGitHub Map(IRequestBuilder request, IResponseBuilder response)
    {
        _server.Given(request).RespondWith(response);
        return this;
    }

    private static IResponseBuilder Answer(int status, JsonNode? body, (string Name, string Value)[] headers)
    {
        var response = Response.Create().WithStatusCode(status);
        if (body is not null)
        {
            response = response.WithHeader("Content-Type", "application/json; charset=utf-8").WithBody(body.ToJsonString());
        }

        foreach (var (name, value) in headers)
        {
            response = response.WithHeader(name, value);
        }

        return response;
    }
}
