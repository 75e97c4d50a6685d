using System.Net;
using Ambient.Testing;
using Microsoft.Extensions.Logging;

namespace Ambient.Gateway.Tests;

/// <summary>The gateway's default logging: a flood of requests is not a flood of log lines, and errors still show.</summary>
public sealed class LoggingTests(KafkaFixture kafka)
{
    [Fact]
    public async Task Requests_TenThousandOfEveryKind_BoundedLogLinesAtInformationAndAbove()
    {
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics);
        var startLines = gateway.Logs.Entries.Count;
        var body = """{"action":"opened","issue":{"number":4},"repository":{"full_name":"acme/shop"}}"""u8.ToArray();
        var repeated = Guid.NewGuid().ToString();
        using var attacker = LoopbackClients.Http(gateway.Http.BaseAddress!, IPAddress.Parse("127.0.0.2"));
        Func<int, (HttpClient, HttpRequestMessage)>[] kinds =
        [
            _ => (gateway.Http, Signing.GitHubRequest(body, "issues", Guid.NewGuid().ToString())),
            _ => (gateway.Http, Signing.GitHubRequest(body, "issues", repeated)),
            _ => (attacker, Signing.GitHubRequest(body, "issues", Guid.NewGuid().ToString(), Signing.GitHub(body, "wrong"))),
            _ => (gateway.Http, new HttpRequestMessage(HttpMethod.Get, "/no-such-page")),
        ];

        var statuses = new HashSet<HttpStatusCode>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 10_000), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = TestContext.Current.CancellationToken },
            async (i, cancellationToken) =>
            {
                var (client, request) = kinds[i % kinds.Length](i);
                using (request)
                using (var response = await client.SendAsync(request, cancellationToken))
                {
                    lock (statuses)
                    {
                        statuses.Add(response.StatusCode);
                    }
                }
            });

        var written = gateway.Logs.Entries.Skip(startLines).Where(e => e.Level >= LogLevel.Information).ToList();
        Assert.Superset(new HashSet<HttpStatusCode> { HttpStatusCode.Accepted, HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.NotFound }, statuses);
        Assert.True(written.Count <= 20, $"{written.Count} lines for 10,000 requests, e.g. {string.Join(" | ", written.Take(3).Select(e => $"{e.Category}: {e.Message}"))}");
    }

    [Fact]
    public async Task Requests_WhileKafkaIsDown_ErrorStaysVisibleOncePerIntervalNotOncePerRequest()
    {
        kafka.RequireEmbedded("stops a broker");
        var broker = await EmbeddedBrokers.StartAsync(TestDirectories.Create("gw-log-broker"));
        var topics = await GatewayTopicNames.CreateAsync(broker.BootstrapServers);
        await using var gateway = await GatewayHarness.StartAsync(broker.BootstrapServers, topics, settings => settings["Ambient:Gateway:PublishTimeout"] = "00:00:01");
        await broker.DisposeAsync();
        var body = """{"action":"opened","issue":{"number":5},"repository":{"full_name":"acme/shop"}}"""u8.ToArray();

        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(async _ =>
        {
            using var response = await gateway.Http.SendAsync(Signing.GitHubRequest(body, "issues", Guid.NewGuid().ToString()), TestContext.Current.CancellationToken);
            return response.StatusCode;
        }));
        var warnings = await Eventually.ReadAsync(
            () => gateway.Logs.Entries.Where(e => e.Level == LogLevel.Warning && e.Category.EndsWith(".EventIngress", StringComparison.Ordinal)).ToList(),
            found => found.Count > 0, TestContext.Current.CancellationToken);

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.ServiceUnavailable, status));
        Assert.InRange(warnings.Count, 1, 5);
        Assert.Contains(topics.GitHub, warnings[0].Message, StringComparison.Ordinal);
    }
}
