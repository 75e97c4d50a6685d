using System.Net;
using System.Text;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Reading;
using Ambient.Testing;
using Microsoft.Extensions.Options;

namespace Ambient.Gateway.Tests;

/// <summary>
/// The chain of size limits (gateway cap, producer, topic, consumers) holds large genuine deliveries, and a Kafka
/// refusal that no retry can fix is never answered 503 "retry".
/// </summary>
public sealed class LargeDeliveryTests(KafkaFixture kafka)
{
    [Theory]
    [InlineData(2 * 1024 * 1024)]
    [InlineData(10 * 1024 * 1024)]
    public async Task Post_LargeSignedPush_StoredAndReadableByAmbientsReaders(int size)
    {
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics);
        var body = Push(size);
        var delivery = Guid.NewGuid().ToString();

        using var response = await gateway.Http.SendAsync(Signing.GitHubRequest(body, "push", delivery), TestContext.Current.CancellationToken);
        var reader = new EventReader(Options.Create(new AmbientKafkaOptions { BootstrapServers = kafka.BootstrapServers }));
        var read = reader.ReadRange([topics.GitHub], partition: null, new EventPosition(0, null), to: null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var (stored, _) = Assert.Single(read);
        Assert.Equal(delivery, stored.Id);
        Assert.Equal(body, stored.Data.ToArray());
        Assert.Equal(body, Assert.Single(TopicRecords.ReadAll(kafka.BootstrapServers, topics.GitHub)).Message.Value);
    }

    [Fact]
    public async Task Post_EventLargerThanItsTopicTakes_413WithoutRetryAfter()
    {
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics);
        var data = new string('x', 2 * 1024 * 1024);
        var cloudEvent = Encoding.UTF8.GetBytes($$$"""{"specversion":"1.0","id":"{{{Guid.NewGuid()}}}","source":"/ci","type":"ci.build.log","data":{"log":"{{{data}}}"}}""");

        // The extra topic keeps Kafka's default max.message.bytes (about 1 MB).
        using var response = await gateway.Http.SendAsync(
            Signing.BearerRequest($"/v1/events/{topics.Extra}", cloudEvent, GatewayHarness.PublishToken, "application/cloudevents+json"), TestContext.Current.CancellationToken);
        var problem = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Null(response.Headers.RetryAfter);
        Assert.Contains("max.message.bytes", problem, StringComparison.Ordinal);
        Assert.Empty(TopicRecords.ReadAll(kafka.BootstrapServers, topics.Extra));
    }

    [Fact]
    public async Task Post_AboveTheGatewayCap_413NamingTheLimit()
    {
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics, settings => settings["Ambient:Gateway:MaxBodyBytes"] = "3000000");

        using var response = await gateway.Http.SendAsync(Signing.GitHubRequest(Push(3_100_000), "push", Guid.NewGuid().ToString()), TestContext.Current.CancellationToken);
        var problem = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("3000000 bytes", problem, StringComparison.Ordinal);
        Assert.Contains("Ambient:Gateway:MaxBodyBytes", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_TopicDeletedWhileRunning_500NeverRetry()
    {
        kafka.RequireEmbedded("needs a broker that does not auto-create topics");
        await using var broker = await EmbeddedBrokers.StartAsync(TestDirectories.Create("gw-no-autocreate"), configure: options => options.AutoCreateTopics = false);
        var topics = await GatewayTopicNames.CreateAsync(broker.BootstrapServers);
        await using var gateway = await GatewayHarness.StartAsync(broker.BootstrapServers, topics, settings =>
            settings["Ambient:Kafka:Producer:topic.metadata.propagation.max.ms"] = "200");
        using (var admin = new Confluent.Kafka.AdminClientBuilder(new Confluent.Kafka.AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build())
        {
            await admin.DeleteTopicsAsync([topics.GitHub]);
        }

        using var response = await gateway.Http.SendAsync(Signing.GitHubRequest(Push(1000), "push", Guid.NewGuid().ToString()), TestContext.Current.CancellationToken);

        Assert.True(response.StatusCode == HttpStatusCode.InternalServerError,
            $"{response.StatusCode}; the gateway logged:\n{string.Join('\n', gateway.Logs.Entries.Select(e => $"{e.Level} {e.Category}: {e.Message}"))}");
        Assert.Null(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task Start_TopicMissing_NotReadyNamesTheTopicAndDoesNotAutoCreateIt()
    {
        // A broker that auto-creates topics, as Kafka does by default: looking for the topic must not create it.
        kafka.RequireEmbedded("needs a broker of its own");
        await using var broker = await EmbeddedBrokers.StartAsync(TestDirectories.Create("gw-missing-topic"), configure: options => options.AutoCreateTopics = true);
        var topics = await GatewayTopicNames.CreateAsync(broker.BootstrapServers);
        var missing = topics.Slack + "-renamed";
        await using var gateway = await GatewayHarness.StartAsync(broker.BootstrapServers, topics, settings => settings["Ambient:Topics:SlackEvents"] = missing, waitUntilReady: false);

        await Eventually.UntilAsync(() => gateway.Logs.Entries.Any(e => e.Message.Contains(missing, StringComparison.Ordinal)), TestContext.Current.CancellationToken);
        using var ready = await gateway.Http.GetAsync("/readyz", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains(gateway.Logs.Entries, e => e.Message.Contains("ambient topics init", StringComparison.Ordinal));
        using var admin = new Confluent.Kafka.AdminClientBuilder(new Confluent.Kafka.AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build();
        Assert.DoesNotContain(missing, admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.Select(t => t.Topic));
    }

    /// <summary>A GitHub push payload padded to about <paramref name="size"/> bytes with commits.</summary>
    private static byte[] Push(int size)
    {
        var commit = """{"id":"0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c","message":"Update README.md with a longer explanation of the change","author":{"name":"Codertocat"}},""";
        var commits = new StringBuilder();
        while (commits.Length < size - 200)
        {
            commits.Append(commit);
        }

        commits.Length--;
        return Encoding.UTF8.GetBytes($$"""{"ref":"refs/heads/main","repository":{"full_name":"acme/shop"},"commits":[{{commits}}]}""");
    }
}
