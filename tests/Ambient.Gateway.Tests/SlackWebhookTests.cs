using System.Net;
using System.Text;
using System.Text.Json;
using Ambient.Testing;

namespace Ambient.Gateway.Tests;

public sealed class SlackWebhookTests(KafkaFixture kafka)
{
    [Fact]
    public async Task Post_UrlVerificationSample_AnswersChallengeAndPublishesNothing()
    {
        var body = await File.ReadAllBytesAsync(SharedSpecs.Require("slack-events/url_challenge.json"), TestContext.Current.CancellationToken);
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics);

        using var response = await gateway.Http.SendAsync(Signing.SlackRequest("/webhooks/slack", body, Signing.Now()), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("valid_challenge_token", answer.RootElement.GetProperty("challenge").GetString());
        Assert.Empty(TopicRecords.ReadAll(kafka.BootstrapServers, topics.Slack));
    }

    [Fact]
    public async Task Post_MessageSampleThenSlackRetry_OneRecordWithCloudEventAttributes()
    {
        var body = await File.ReadAllBytesAsync(SharedSpecs.Require("slack-events/MessagePayload.json"), TestContext.Current.CancellationToken);
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics);

        using var first = await gateway.Http.SendAsync(Signing.SlackRequest("/webhooks/slack", body, Signing.Now()), TestContext.Current.CancellationToken);
        var retry = Signing.SlackRequest("/webhooks/slack", body, Signing.Now());
        retry.Headers.Add("X-Slack-Retry-Num", "1");
        retry.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        using var second = await gateway.Http.SendAsync(retry, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var record = Assert.Single(TopicRecords.ReadAll(kafka.BootstrapServers, topics.Slack));
        Assert.Equal("com.slack.message", TopicRecords.Header(record, "ce_type"));
        Assert.Equal("/slack", TopicRecords.Header(record, "ce_source"));
        Assert.StartsWith("sha256:", TopicRecords.Header(record, "ce_id"), StringComparison.Ordinal); // the sample's event_id is empty
        Assert.Equal(body, record.Message.Value);
    }

    [Fact]
    public async Task Post_AppMention_KeyedByTeamAndChannel()
    {
        var body = """{"type":"event_callback","team_id":"T0ACME","event_id":"Ev0TEST1","event_time":1795420800,"event":{"type":"app_mention","user":"U1","text":"hi","channel":"C0ONCALL","ts":"1.2"}}"""u8.ToArray();
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics);

        using var response = await gateway.Http.SendAsync(Signing.SlackRequest("/webhooks/slack", body, Signing.Now()), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var record = Assert.Single(TopicRecords.ReadAll(kafka.BootstrapServers, topics.Slack));
        Assert.Equal("com.slack.app_mention", TopicRecords.Header(record, "ce_type"));
        Assert.Equal("Ev0TEST1", TopicRecords.Header(record, "ce_id"));
        Assert.Equal("/slack/T0ACME", TopicRecords.Header(record, "ce_source"));
        Assert.Equal("C0ONCALL", TopicRecords.Header(record, "ce_subject"));
        Assert.Equal("slack:T0ACME/C0ONCALL", record.Message.Key);
    }

    [Fact]
    public async Task Post_StaleWrongOrMissingSignature_401AndNothingPublished()
    {
        var body = """{"type":"event_callback","team_id":"T1","event_id":"Ev0STALE","event":{"type":"app_mention","channel":"C1"}}"""u8.ToArray();
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics);
        var sixMinutesAgo = Signing.Now() - 360;
        var missing = Signing.SlackRequest("/webhooks/slack", body, Signing.Now());
        missing.Headers.Remove("X-Slack-Signature");
        HttpRequestMessage[] requests =
        [
            Signing.SlackRequest("/webhooks/slack", body, sixMinutesAgo),
            Signing.SlackRequest("/webhooks/slack", body, Signing.Now() + 360),
            Signing.SlackRequest("/webhooks/slack", body, Signing.Now(), signature: Signing.Slack(Signing.Now(), body, "wrong-secret")),
            Signing.SlackRequest("/webhooks/slack", body, Signing.Now(), signature: Signing.Slack(sixMinutesAgo, body)),
            missing,
        ];

        foreach (var request in requests)
        {
            using var response = await gateway.Http.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.Empty(TopicRecords.ReadAll(kafka.BootstrapServers, topics.Slack));
    }

    [Fact]
    public async Task Post_Interaction_PublishedAsInteractionEvent()
    {
        var payload = """{"type":"block_actions","trigger_id":"13345224609.738474920.8088930838d88f008e0","team":{"id":"T0ACME"},"channel":{"id":"C0ONCALL"},"actions":[{"action_id":"approve","value":"restart"}]}""";
        var body = Encoding.UTF8.GetBytes("payload=" + Uri.EscapeDataString(payload));
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics);

        using var response = await gateway.Http.SendAsync(
            Signing.SlackRequest("/webhooks/slack/interactions", body, Signing.Now(), "application/x-www-form-urlencoded"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var record = Assert.Single(TopicRecords.ReadAll(kafka.BootstrapServers, topics.Slack));
        Assert.Equal("com.slack.interaction.block_actions", TopicRecords.Header(record, "ce_type"));
        Assert.Equal("13345224609.738474920.8088930838d88f008e0", TopicRecords.Header(record, "ce_id"));
        Assert.Equal(payload, Encoding.UTF8.GetString(record.Message.Value));
        Assert.Equal("slack:T0ACME/C0ONCALL", record.Message.Key);
    }
}
