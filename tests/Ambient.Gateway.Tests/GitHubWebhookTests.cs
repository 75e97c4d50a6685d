using System.Net;
using System.Text;
using Ambient.Testing;

namespace Ambient.Gateway.Tests;

public sealed class GitHubWebhookTests(KafkaFixture kafka)
{
    private static readonly (string File, string Event, string Type, string? Subject, string Key)[] s_samples =
    [
        ("issues/opened.payload.json", "issues", "com.github.issues.opened", "Codertocat/Hello-World#1", "github:Codertocat/Hello-World#1"),
        ("issue_comment/created.payload.json", "issue_comment", "com.github.issue_comment.created", "Codertocat/Hello-World#1", "github:Codertocat/Hello-World#1"),
        ("pull_request/opened.payload.json", "pull_request", "com.github.pull_request.opened", "Codertocat/Hello-World#2", "github:Codertocat/Hello-World#2"),
        ("push/payload.json", "push", "com.github.push", "Codertocat/Hello-World", "github:Codertocat/Hello-World"),
    ];

    [Fact]
    public async Task Post_EverySignedSamplePayload_LandsOnceWithCloudEventAttributes()
    {
        var directory = SharedSpecs.Require("github-webhooks");
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics);
        var sent = new List<(byte[] Body, string Delivery)>();

        foreach (var sample in s_samples)
        {
            var body = await File.ReadAllBytesAsync(Path.Combine(directory, sample.File), TestContext.Current.CancellationToken);
            var delivery = Guid.NewGuid().ToString();
            using var response = await gateway.Http.SendAsync(Signing.GitHubRequest(body, sample.Event, delivery), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            sent.Add((body, delivery));
        }

        var records = TopicRecords.ReadAll(kafka.BootstrapServers, topics.GitHub);
        Assert.Equal(s_samples.Length, records.Count);
        for (var i = 0; i < s_samples.Length; i++)
        {
            Assert.Equal(sent[i].Body, records[i].Message.Value);
            Assert.Equal(sent[i].Delivery, TopicRecords.Header(records[i], "ce_id"));
            Assert.Equal(s_samples[i].Type, TopicRecords.Header(records[i], "ce_type"));
            Assert.Equal(s_samples[i].Subject, TopicRecords.OptionalHeader(records[i], "ce_subject"));
            Assert.Equal("https://github.com/Codertocat/Hello-World", TopicRecords.Header(records[i], "ce_source"));
            Assert.Equal("application/json", TopicRecords.Header(records[i], "content-type"));
            Assert.Equal(s_samples[i].Key, records[i].Message.Key);
        }
    }

    [Fact]
    public async Task Post_Ping_AnsweredAndNothingPublished()
    {
        var body = await File.ReadAllBytesAsync(SharedSpecs.Require("github-webhooks/ping/payload.json"), TestContext.Current.CancellationToken);
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics);

        using var response = await gateway.Http.SendAsync(Signing.GitHubRequest(body, "ping", Guid.NewGuid().ToString()), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("pong", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Empty(TopicRecords.ReadAll(kafka.BootstrapServers, topics.GitHub));
        Assert.Empty(TopicRecords.ReadAll(kafka.BootstrapServers, topics.Unrouted));
    }

    [Fact]
    public async Task Post_WrongMissingOrForeignSignature_401ProblemAndNothingPublished()
    {
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics);
        var body = """{"action":"opened","issue":{"number":7},"repository":{"full_name":"acme/shop"},"marker":"do-not-echo"}"""u8.ToArray();
        var otherBody = """{"action":"opened"}"""u8.ToArray();
        HttpRequestMessage[] forged =
        [
            Signing.GitHubRequest(body, "issues", Guid.NewGuid().ToString(), Signing.GitHub(body, "not-the-secret")),
            Signing.GitHubRequest(body, "issues", Guid.NewGuid().ToString(), Signing.GitHub(otherBody)),
            Signing.GitHubRequest(body, "issues", Guid.NewGuid().ToString(), "sha256=zz"),
            Signing.GitHubRequest(body, "issues", Guid.NewGuid().ToString(), Signing.GitHub(body).Replace("sha256=", "sha1=", StringComparison.Ordinal)),
        ];
        var missing = Signing.GitHubRequest(body, "issues", Guid.NewGuid().ToString());
        missing.Headers.Remove("X-Hub-Signature-256");

        foreach (var request in forged.Append(missing))
        {
            using var response = await gateway.Http.SendAsync(request, TestContext.Current.CancellationToken);
            var problem = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("do-not-echo", problem, StringComparison.Ordinal);
            Assert.DoesNotContain(GatewayHarness.GitHubSecret, problem, StringComparison.Ordinal);
        }

        Assert.Empty(TopicRecords.ReadAll(kafka.BootstrapServers, topics.GitHub));
        Assert.DoesNotContain(gateway.Logs.Entries, entry => entry.Message.Contains(GatewayHarness.GitHubSecret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Post_SameDeliveryTwice_AcceptedThenDuplicateAndOneRecord()
    {
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics);
        var body = """{"action":"opened","issue":{"number":9},"repository":{"full_name":"acme/shop"}}"""u8.ToArray();
        var delivery = Guid.NewGuid().ToString();

        using var first = await gateway.Http.SendAsync(Signing.GitHubRequest(body, "issues", delivery), TestContext.Current.CancellationToken);
        using var second = await gateway.Http.SendAsync(Signing.GitHubRequest(body, "issues", delivery), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        foreach (var (response, status) in new[] { (first, "accepted"), (second, "duplicate") })
        {
            // The answer goes out whole, with its length (not chunked), as JSON naming the delivery's event id.
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.Equal($$$"""{"status":"{{{status}}}","ids":["{{{delivery}}}"]}""", text);
            Assert.Equal(Encoding.UTF8.GetByteCount(text), response.Content.Headers.ContentLength);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
        }

        Assert.Single(TopicRecords.ReadAll(kafka.BootstrapServers, topics.GitHub));
    }

    [Fact]
    public async Task Post_SameDeliveryConcurrently_OneRecord()
    {
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics);
        var body = """{"action":"labeled","issue":{"number":3},"repository":{"full_name":"acme/shop"}}"""u8.ToArray();
        var delivery = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => gateway.Http.SendAsync(Signing.GitHubRequest(body, "issues", delivery), TestContext.Current.CancellationToken)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Accepted);
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, r.StatusCode.ToString()));
        Assert.Single(TopicRecords.ReadAll(kafka.BootstrapServers, topics.GitHub));
    }

    [Fact]
    public async Task Post_UnknownEvent_AcceptedOnUnroutedTopic()
    {
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics);
        var body = """{"action":"sparkled","repository":{"full_name":"acme/shop"}}"""u8.ToArray();

        using var response = await gateway.Http.SendAsync(Signing.GitHubRequest(body, "future_event", Guid.NewGuid().ToString()), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Empty(TopicRecords.ReadAll(kafka.BootstrapServers, topics.GitHub));
        var unrouted = Assert.Single(TopicRecords.ReadAll(kafka.BootstrapServers, topics.Unrouted));
        Assert.Equal("com.github.future_event.sparkled", TopicRecords.Header(unrouted, "ce_type"));
    }

    [Fact]
    public async Task Post_MalformedOrIncomplete_400WithoutEchoAndNothingPublished()
    {
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics);
        var malformed = """{"action":"opened", "secret-ish": do-not-echo"""u8.ToArray();
        var valid = """{"action":"opened"}"""u8.ToArray();
        HttpRequestMessage[] requests =
        [
            Signing.GitHubRequest(malformed, "issues", Guid.NewGuid().ToString()),
            Signing.GitHubRequest("[1,2]"u8.ToArray(), "issues", Guid.NewGuid().ToString()),
            Signing.GitHubRequest(valid, "issues", delivery: null),
            Signing.GitHubRequest(valid, "Issues; DROP", Guid.NewGuid().ToString()),
        ];

        foreach (var request in requests)
        {
            using var response = await gateway.Http.SendAsync(request, TestContext.Current.CancellationToken);
            var problem = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("do-not-echo", problem, StringComparison.Ordinal);
        }

        Assert.Empty(TopicRecords.ReadAll(kafka.BootstrapServers, topics.GitHub));
        Assert.Empty(TopicRecords.ReadAll(kafka.BootstrapServers, topics.Unrouted));
    }

    [Fact]
    public async Task Post_OversizedOrWrongContentType_413And415()
    {
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics, settings => settings["Ambient:Gateway:MaxBodyBytes"] = "1024");
        var large = Encoding.UTF8.GetBytes($$"""{"action":"opened","padding":"{{new string('x', 1200)}}"}""");
        var chunked = Signing.GitHubRequest(large, "issues", Guid.NewGuid().ToString());
        chunked.Content = new StreamContent(new MemoryStream(large));
        chunked.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var form = Signing.GitHubRequest("payload=%7B%7D"u8.ToArray(), "issues", Guid.NewGuid().ToString());
        form.Content!.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");

        using var tooLarge = await gateway.Http.SendAsync(Signing.GitHubRequest(large, "issues", Guid.NewGuid().ToString()), TestContext.Current.CancellationToken);
        using var tooLargeChunked = await gateway.Http.SendAsync(chunked, TestContext.Current.CancellationToken);
        using var wrongType = await gateway.Http.SendAsync(form, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLargeChunked.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        Assert.Empty(TopicRecords.ReadAll(kafka.BootstrapServers, topics.GitHub));
    }

    [Fact]
    public async Task Post_BeyondRateLimit_429WithRetryAfter()
    {
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics, settings =>
        {
            settings["Ambient:Gateway:GitHub:PermitsPerSecond"] = "1";
            settings["Ambient:Gateway:GitHub:Burst"] = "1";
        });
        var body = """{"zen":"hi"}"""u8.ToArray();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => gateway.Http.SendAsync(Signing.GitHubRequest(body, "ping", Guid.NewGuid().ToString()), TestContext.Current.CancellationToken)));

        var limited = Assert.Single(responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).Take(1));
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
    }
}
