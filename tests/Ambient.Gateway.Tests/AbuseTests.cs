using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Ambient.Gateway.Http;
using Ambient.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Ambient.Gateway.Tests;

/// <summary>What an unauthenticated flood and oversized bodies do to genuine deliveries (docs/security.md).</summary>
public sealed class AbuseTests(KafkaFixture kafka)
{
    private static readonly IPAddress s_genuine = IPAddress.Parse("127.0.0.1");
    private static readonly IPAddress s_attacker = IPAddress.Parse("127.0.0.2");

    [Fact]
    public async Task Post_FloodOfBadSignaturesFromAnotherAddress_GenuineDeliveriesAllAccepted()
    {
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics, settings =>
        {
            // A source budget any flood of a few hundred requests a second exhausts: it must not be charged by one.
            settings["Ambient:Gateway:GitHub:PermitsPerSecond"] = "50";
            settings["Ambient:Gateway:GitHub:Burst"] = "50";
        });
        using var attacker = LoopbackClients.Http(gateway.Http.BaseAddress!, s_attacker);
        using var genuine = LoopbackClients.Http(gateway.Http.BaseAddress!, s_genuine);
        var body = """{"action":"opened","issue":{"number":7},"repository":{"full_name":"acme/shop"}}"""u8.ToArray();
        var badSignature = Signing.GitHub(body, "not-the-secret");
        var floodAnswers = new ConcurrentDictionary<HttpStatusCode, int>();
        using var stopFlood = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        stopFlood.CancelAfter(TimeSpan.FromSeconds(10));

        var flood = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stopFlood.IsCancellationRequested)
            {
                using var response = await attacker.SendAsync(Signing.GitHubRequest(body, "issues", Guid.NewGuid().ToString(), badSignature), CancellationToken.None);
                floodAnswers.AddOrUpdate(response.StatusCode, 1, (_, n) => n + 1);
            }
        })).ToList();
        var deliveries = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid().ToString()).ToList();
        var answers = new List<HttpStatusCode>();
        foreach (var delivery in deliveries)
        {
            await Task.Delay(400, TestContext.Current.CancellationToken);
            using var response = await genuine.SendAsync(Signing.GitHubRequest(body, "issues", delivery), TestContext.Current.CancellationToken);
            answers.Add(response.StatusCode);
        }

        await Task.WhenAll(flood);

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.Accepted, status));
        Assert.Equal(deliveries, TopicRecords.ReadAll(kafka.BootstrapServers, topics.GitHub).Select(r => TopicRecords.Header(r, "ce_id")));
        Assert.True(floodAnswers.GetValueOrDefault(HttpStatusCode.TooManyRequests) > 0, "The flooding address was never refused before its signature was checked: " + string.Join(", ", floodAnswers));
        Assert.DoesNotContain(HttpStatusCode.Accepted, floodAnswers.Keys);
    }

    [Fact]
    public async Task Post_UnsignedHugeBody_401BeforeTheBodyIsSent()
    {
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics, settings => settings["Ambient:Gateway:RequestTimeout"] = "00:00:05");

        using var socket = await LoopbackClients.SendHeadAsync(gateway.Http.BaseAddress!, s_attacker, $"""
            POST /webhooks/github HTTP/1.1
            Host: gateway
            Content-Type: application/json
            X-GitHub-Event: issues
            X-GitHub-Delivery: {Guid.NewGuid()}
            Content-Length: 24000000

            """);

        Assert.Equal(401, await LoopbackClients.StatusOfAsync(socket));
    }

    [Fact]
    public async Task Post_BodyBudgetSpent_RefusedBeforeReading_429ForTheClient503ForAll()
    {
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics, settings =>
        {
            settings["Ambient:Gateway:MaxBodyBytes"] = "1048576";
            settings["Ambient:Gateway:Clients:MaxInFlightBodyBytes"] = "1048576";
            settings["Ambient:Gateway:MaxInFlightBodyBytes"] = "2097152";
        });
        var budget = gateway.App.Services.GetRequiredService<BodyBudget>();
        var uri = gateway.Http.BaseAddress!;
        var large = Encoding.UTF8.GetBytes($$"""{"action":"opened","padding":"{{new string('x', 1_000_000)}}"}""");

        using (var holding = await LoopbackClients.SendHeadAsync(uri, s_attacker, SignedHead(large), large[..100_000]))
        {
            await Eventually.UntilAsync(() => budget.InFlight == large.Length, TestContext.Current.CancellationToken);
            using var sameClient = await LoopbackClients.SendHeadAsync(uri, s_attacker, SignedHead(large));
            Assert.Equal(429, await LoopbackClients.StatusOfAsync(sameClient));

            using var other = await LoopbackClients.SendHeadAsync(uri, IPAddress.Parse("127.0.0.3"), SignedHead(large), large[..100_000]);
            await Eventually.UntilAsync(() => budget.InFlight == 2L * large.Length, TestContext.Current.CancellationToken);
            using var third = await LoopbackClients.SendHeadAsync(uri, IPAddress.Parse("127.0.0.4"), SignedHead(large));
            Assert.Equal(503, await LoopbackClients.StatusOfAsync(third));

            var small = """{"action":"opened","issue":{"number":8},"repository":{"full_name":"acme/shop"}}"""u8.ToArray();
            using var genuine = await gateway.Http.SendAsync(Signing.GitHubRequest(small, "issues", Guid.NewGuid().ToString()), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Accepted, genuine.StatusCode);
        }

        await Eventually.UntilAsync(() => budget.InFlight == 0, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Post_LargeSignedBodyInPieces_HashedWhileReadAndAccepted()
    {
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics);
        var large = Encoding.UTF8.GetBytes($$"""{"action":"opened","issue":{"number":9},"repository":{"full_name":"acme/shop"},"padding":"{{new string('y', 300_000)}}"}""");
        var tampered = large.ToArray();
        tampered[^5] = (byte)'z';
        var chunked = Signing.GitHubRequest(large, "issues", Guid.NewGuid().ToString());
        chunked.Content = new StreamContent(new MemoryStream(large), 7_000);
        chunked.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var accepted = await gateway.Http.SendAsync(Signing.GitHubRequest(large, "issues", Guid.NewGuid().ToString()), TestContext.Current.CancellationToken);
        using var acceptedChunked = await gateway.Http.SendAsync(chunked, TestContext.Current.CancellationToken);
        using var refused = await gateway.Http.SendAsync(Signing.GitHubRequest(tampered, "issues", Guid.NewGuid().ToString(), Signing.GitHub(large)), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, acceptedChunked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.All(TopicRecords.ReadAll(kafka.BootstrapServers, topics.GitHub), record => Assert.Equal(large, record.Message.Value));
        Assert.Equal(0, gateway.App.Services.GetRequiredService<BodyBudget>().InFlight);
    }

    [Fact]
    public async Task Post_FailedAuthBehindTrustedProxy_CountedPerForwardedClient_UntrustedForwardingIgnored()
    {
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics, settings =>
        {
            settings["Ambient:Gateway:Clients:FailedAuthBurst"] = "5";
            settings["Ambient:Gateway:Clients:FailedAuthPerSecond"] = "1";
            settings["Ambient:Gateway:Clients:TrustedProxies:0"] = "127.0.0.1/32";
        });
        using var proxy = LoopbackClients.Http(gateway.Http.BaseAddress!, s_genuine);
        using var direct = LoopbackClients.Http(gateway.Http.BaseAddress!, s_attacker);
        var body = """{"action":"opened","issue":{"number":3},"repository":{"full_name":"acme/shop"}}"""u8.ToArray();

        var proxiedAttacker = await SendAllAsync(proxy, 10, _ => Forwarded(Signing.GitHubRequest(body, "issues", Guid.NewGuid().ToString(), Signing.GitHub(body, "wrong")), "198.51.100.7"));
        var spoofing = await SendAllAsync(direct, 10, i => Forwarded(Signing.GitHubRequest(body, "issues", Guid.NewGuid().ToString(), Signing.GitHub(body, "wrong")), $"198.51.100.{i + 20}"));
        using var genuine = await proxy.SendAsync(Forwarded(Signing.GitHubRequest(body, "issues", Guid.NewGuid().ToString()), "10.9.8.7, 203.0.113.9"), TestContext.Current.CancellationToken);

        Assert.Contains(HttpStatusCode.TooManyRequests, proxiedAttacker);
        Assert.Contains(HttpStatusCode.TooManyRequests, spoofing);
        Assert.Equal(HttpStatusCode.Accepted, genuine.StatusCode);
    }

    private static HttpRequestMessage Forwarded(HttpRequestMessage request, string forwardedFor)
    {
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return request;
    }

    private static async Task<List<HttpStatusCode>> SendAllAsync(HttpClient client, int count, Func<int, HttpRequestMessage> request)
    {
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            using var response = await client.SendAsync(request(i), TestContext.Current.CancellationToken);
            answers.Add(response.StatusCode);
        }

        return answers;
    }

    private static string SignedHead(byte[] body) => string.Create(CultureInfo.InvariantCulture, $"""
        POST /webhooks/github HTTP/1.1
        Host: gateway
        Content-Type: application/json
        X-GitHub-Event: issues
        X-GitHub-Delivery: {Guid.NewGuid()}
        X-Hub-Signature-256: {Signing.GitHub(body)}
        Content-Length: {body.Length}

        """);
}
