using System.Globalization;
using System.Net;
using System.Text;
using Ambient.Testing;

namespace Ambient.Gateway.Tests;

/// <summary>
/// Random malformed requests at every endpoint: each must be refused with a 4xx (never a 5xx, never accepted), nothing
/// may reach Kafka, and the gateway must keep serving. <c>AMBIENT_FUZZ_SEED=N</c> explores other seeds.
/// </summary>
public sealed class MalformedRequestFuzzTests(KafkaFixture kafka)
{
    private const int Requests = 300;
    private static readonly string[] s_paths = ["/webhooks/github", "/webhooks/slack", "/webhooks/slack/interactions", "/webhooks/alertmanager", "/v1/events/{extra}", "/v1/events/nope"];
    private static readonly string[] s_contentTypes = ["application/json", "application/x-www-form-urlencoded", "application/cloudevents+json", "text/plain", "application/json; charset=utf-8", "multipart/form-data; boundary=x", "", "application/cloudevents-batch+json"];
    private static readonly byte[] s_validJson = """{"action":"opened","type":"event_callback","event_id":"Ev1","event":{"type":"app_mention","channel":"C1"},"alerts":[{"labels":{"alertname":"A"},"status":"firing"}],"repository":{"full_name":"acme/shop"},"specversion":"1.0","id":"x","source":"/s","type2":"t"}"""u8.ToArray();

    [Fact]
    public async Task Post_RandomMalformedRequests_All4xxNothingPublishedAndStillServing()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("AMBIENT_FUZZ_SEED"), CultureInfo.InvariantCulture, out var configured) ? configured : 20261123;
        var random = new Random(seed);
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics);

        // From an address of its own: its failed authentications get it refused (429), not the genuine sender below.
        using var fuzzer = LoopbackClients.Http(gateway.Http.BaseAddress!, System.Net.IPAddress.Parse("127.0.0.2"));
        for (var i = 0; i < Requests; i++)
        {
            using var request = RandomRequest(random, topics);
            var description = $"{request.Method} {request.RequestUri} (seed {seed}, request {i})";
            using var response = await fuzzer.SendAsync(request, TestContext.Current.CancellationToken);

            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{description} answered {(int)response.StatusCode}");
        }

        var body = """{"action":"opened","issue":{"number":1},"repository":{"full_name":"acme/shop"}}"""u8.ToArray();
        using var valid = await gateway.Http.SendAsync(Signing.GitHubRequest(body, "issues", Guid.NewGuid().ToString()), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, valid.StatusCode);
        Assert.Single(TopicRecords.ReadAll(kafka.BootstrapServers, topics.GitHub));
        foreach (var topic in new[] { topics.Slack, topics.Cluster, topics.Unrouted, topics.Extra })
        {
            Assert.Empty(TopicRecords.ReadAll(kafka.BootstrapServers, topic));
        }
    }

    private static HttpRequestMessage RandomRequest(Random random, GatewayTopicNames topics)
    {
        var path = s_paths[random.Next(s_paths.Length)].Replace("{extra}", topics.Extra, StringComparison.Ordinal);
        var body = RandomBody(random);
        var content = new ByteArrayContent(body);
        var contentType = s_contentTypes[random.Next(s_contentTypes.Length)];
        if (contentType.Length > 0)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        var request = new HttpRequestMessage(random.Next(10) == 0 ? HttpMethod.Put : HttpMethod.Post, path) { Content = content };
        var now = Signing.Now();
        var timestamp = random.Next(3) switch { 0 => now, 1 => now - random.Next(301, 100_000), _ => random.Next() };

        // Half the time the signature is right for the garbage body, so the parsers behind the signature checks are exercised too.
        var signed = random.Next(2) == 0;
        MaybeAdd(request, random, "X-Hub-Signature-256", signed ? Signing.GitHub(body) : "sha256=" + RandomText(random, 64));
        MaybeAdd(request, random, "X-GitHub-Event", random.Next(2) == 0 ? "issues" : RandomText(random, random.Next(0, 80)));
        MaybeAdd(request, random, "X-GitHub-Delivery", RandomText(random, random.Next(0, 300)));
        MaybeAdd(request, random, "X-Slack-Request-Timestamp", random.Next(4) == 0 ? RandomText(random, 12) : timestamp.ToString(CultureInfo.InvariantCulture));
        MaybeAdd(request, random, "X-Slack-Signature", signed ? Signing.Slack(timestamp, body) : "v0=" + RandomText(random, 64));
        MaybeAdd(request, random, "Authorization", random.Next(2) == 0 ? "Bearer " + RandomText(random, 20) : RandomText(random, 30));
        MaybeAdd(request, random, "ce-specversion", random.Next(2) == 0 ? "1.0" : RandomText(random, 4));
        MaybeAdd(request, random, "ce-id", RandomText(random, random.Next(0, 300)));
        MaybeAdd(request, random, "ce-time", RandomText(random, 25));
        return request;
    }

    /// <summary>Never a complete JSON object: random bytes, or a proper prefix of one (which no JSON parser accepts).</summary>
    private static byte[] RandomBody(Random random) => random.Next(3) switch
    {
        0 => RandomBytes(random, random.Next(0, 2048)),
        1 => s_validJson[..random.Next(0, s_validJson.Length - 1)],
        _ => [.. s_validJson[..random.Next(1, s_validJson.Length - 1)], .. RandomBytes(random, random.Next(1, 16))],
    };

    private static void MaybeAdd(HttpRequestMessage request, Random random, string name, string value)
    {
        if (random.Next(3) != 0)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    // Printable ASCII only: HTTP/1.1 header values may not carry control characters, and HttpClient refuses them.
    private static string RandomText(Random random, int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append((char)random.Next(0x21, 0x7f));
        }

        return text.ToString();
    }
}
