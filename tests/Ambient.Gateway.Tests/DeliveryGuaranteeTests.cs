using System.Net;
using Ambient.Testing;

namespace Ambient.Gateway.Tests;

public sealed class DeliveryGuaranteeTests(KafkaFixture kafka)
{
    private static readonly byte[] s_issue = """{"action":"opened","issue":{"number":5},"repository":{"full_name":"acme/shop"}}"""u8.ToArray();

    [Fact]
    public async Task Post_SameDeliveryAfterGatewayRestart_DuplicateAndOneRecord()
    {
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        var delivery = Guid.NewGuid().ToString();
        HttpStatusCode first;
        await using (var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics))
        {
            using var response = await gateway.Http.SendAsync(Signing.GitHubRequest(s_issue, "issues", delivery), TestContext.Current.CancellationToken);
            first = response.StatusCode;
        }

        await using var restarted = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics);
        using var again = await restarted.Http.SendAsync(Signing.GitHubRequest(s_issue, "issues", delivery), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, first);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Single(TopicRecords.ReadAll(kafka.BootstrapServers, topics.GitHub));
    }

    [Fact]
    public async Task Post_WhileBrokerStopped_503ThenRetryAfterRestart_ExactlyOneRecordPerDelivery()
    {
        kafka.RequireEmbedded("stops and restarts a broker");
        var directory = TestDirectories.Create("gw-broker");
        var broker = await EmbeddedBrokers.StartAsync(directory);
        var port = broker.Endpoint.Port;
        var topics = await GatewayTopicNames.CreateAsync(broker.BootstrapServers);
        await using var gateway = await GatewayHarness.StartAsync(broker.BootstrapServers, topics, settings =>
        {
            settings["Ambient:Gateway:PublishTimeout"] = "00:00:02";
            settings["Ambient:Gateway:RetryAfter"] = "00:00:01";
        });
        var before = Guid.NewGuid().ToString();
        var during = Guid.NewGuid().ToString();
        using var accepted = await gateway.Http.SendAsync(Signing.GitHubRequest(s_issue, "issues", before), TestContext.Current.CancellationToken);

        await broker.DisposeAsync();
        using var refused = await gateway.Http.SendAsync(Signing.GitHubRequest(s_issue, "issues", during), TestContext.Current.CancellationToken);
        var refusedProblem = await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        await using var restarted = await EmbeddedBrokers.StartAsync(directory, port);
        var retried = await RetryUntilAnsweredAsync(gateway, during);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        Assert.Contains("Retry", refusedProblem, StringComparison.Ordinal);
        Assert.True(retried is HttpStatusCode.Accepted or HttpStatusCode.OK, retried.ToString());
        var ids = TopicRecords.ReadAll(restarted.BootstrapServers, topics.GitHub).Select(r => TopicRecords.Header(r, "ce_id")).ToList();
        Assert.Equal([before, during], ids);
    }

    [Fact]
    public async Task Post_KafkaUnreachableFromStart_503AndNotReady()
    {
        var topics = new GatewayTopicNames("gw-a", "gw-b", "gw-c", "gw-d", "gw-e");
        await using var gateway = await GatewayHarness.StartAsync($"127.0.0.1:{FreePort()}", topics, waitUntilReady: false);

        using var health = await gateway.Http.GetAsync("/healthz", TestContext.Current.CancellationToken);
        using var ready = await gateway.Http.GetAsync("/readyz", TestContext.Current.CancellationToken);
        using var webhook = await gateway.Http.SendAsync(Signing.GitHubRequest(s_issue, "issues", Guid.NewGuid().ToString()), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, webhook.StatusCode);
        Assert.NotNull(webhook.Headers.RetryAfter);
    }

    private static async Task<HttpStatusCode> RetryUntilAnsweredAsync(GatewayHarness gateway, string delivery)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(Eventually.Limit);
        while (true)
        {
            using var response = await gateway.Http.SendAsync(Signing.GitHubRequest(s_issue, "issues", delivery), limit.Token);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                return response.StatusCode;
            }

            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), limit.Token);
        }
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
