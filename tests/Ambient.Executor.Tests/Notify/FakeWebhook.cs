using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Ambient.Executor.Tests.Notify;

/// <summary>A webhook receiver over real HTTP (WireMock.Net) at <c>/hooks/ambient</c>: answers 200 unless told otherwise, and logs what it got.</summary>
internal sealed class FakeWebhook : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    public FakeWebhook() => Answer(200);

    public string Url => _server.Url + "/hooks/ambient?token=t0ps3cret";

    public IReadOnlyList<WireMock.IRequestMessage> Requests => [.. _server.LogEntries.Select(entry => entry.RequestMessage!)];

    /// <summary>Answers every POST with <paramref name="status"/> (and headers) from now on.</summary>
    public void Answer(int status, params (string Name, string Value)[] headers)
    {
        var response = Response.Create().WithStatusCode(status).WithBody(status >= 400 ? "{\"message\":\"nope\"}" : "");
        foreach (var (name, value) in headers)
        {
            response = response.WithHeader(name, value);
        }

        _server.ResetMappings();
        _server.Given(Request.Create().WithPath("/hooks/ambient").UsingPost()).RespondWith(response);
    }

    public static string? Header(WireMock.IRequestMessage request, string name) =>
        request.Headers?.FirstOrDefault(header => string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    public void Dispose() => _server.Stop();
}
