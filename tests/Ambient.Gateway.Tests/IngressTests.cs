using System.Net;
using System.Text;
using Ambient.Testing;

namespace Ambient.Gateway.Tests;

/// <summary>Every record says how it entered (<c>ambient-ingress</c>), and a publish token can neither pose as a verified source nor poison its de-duplication.</summary>
public sealed class IngressTests(KafkaFixture kafka)
{
    private static readonly byte[] s_issue = """{"action":"opened","issue":{"number":12},"repository":{"full_name":"acme/shop"}}"""u8.ToArray();

    [Fact]
    public async Task Post_PublishTokenClaimsGitHubsNextDelivery_GenuineDeliveryStillWrittenAfterRestart()
    {
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        var delivery = Guid.NewGuid().ToString();

        // The worst case: a token explicitly allowed onto the GitHub topic posts GitHub's next delivery id and source.
        void TokenMayWriteGitHub(Dictionary<string, string?> settings) => settings["Ambient:Gateway:AllowedTopics:2"] = topics.GitHub;
        await using (var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics, TokenMayWriteGitHub))
        {
            using var forged = await gateway.Http.SendAsync(Signing.BearerRequest($"/v1/events/{topics.GitHub}", Encoding.UTF8.GetBytes(
                $$$"""{"specversion":"1.0","id":"{{{delivery}}}","source":"https://github.com/acme/shop","type":"com.github.issues.opened","data":{}}"""),
                GatewayHarness.PublishToken, "application/cloudevents+json"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Accepted, forged.StatusCode);
        }

        await using var restarted = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics, TokenMayWriteGitHub);
        using var genuine = await restarted.Http.SendAsync(Signing.GitHubRequest(s_issue, "issues", delivery), TestContext.Current.CancellationToken);
        using var repeated = await restarted.Http.SendAsync(Signing.GitHubRequest(s_issue, "issues", delivery), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, genuine.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        var records = TopicRecords.ReadAll(kafka.BootstrapServers, topics.GitHub);
        Assert.Equal(["publish:default", "github"], records.Select(r => TopicRecords.Header(r, "ambient-ingress")));
        Assert.All(records, r => Assert.Equal(delivery, TopicRecords.Header(r, "ce_id")));
        Assert.All(records, r => Assert.Equal("https://github.com/acme/shop", TopicRecords.Header(r, "ce_source")));
        Assert.Equal(s_issue, records[1].Message.Value);
    }

    [Fact]
    public async Task Post_TokenWithDefaultScope_OnlyTheCustomTopicAndStampedWithItsName()
    {
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics, settings =>
        {
            settings.Remove("Ambient:Gateway:AllowedTopics:0");
            settings.Remove("Ambient:Gateway:AllowedTopics:1");
            settings["Ambient:Gateway:PublishTokens:ci:Token"] = "ci-token";
        });
        var backOff = """{"specversion":"1.0","id":"uid-1","source":"/k8s/shop","type":"io.k8s.event.BackOff","data":{}}"""u8.ToArray();

        var answers = new List<HttpStatusCode>();
        foreach (var (topic, token) in new[] { (topics.Cluster, GatewayHarness.PublishToken), (topics.GitHub, "ci-token"), (topics.Slack, "ci-token"), (topics.Custom, "ci-token"), (topics.Custom, GatewayHarness.PublishToken) })
        {
            using var response = await gateway.Http.SendAsync(Signing.BearerRequest($"/v1/events/{topic}", backOff, token, "application/cloudevents+json"), TestContext.Current.CancellationToken);
            answers.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Accepted, HttpStatusCode.Accepted], answers);
        Assert.Empty(TopicRecords.ReadAll(kafka.BootstrapServers, topics.Cluster));
        Assert.Equal(["publish:ci", "publish:default"], TopicRecords.ReadAll(kafka.BootstrapServers, topics.Custom).Select(r => TopicRecords.Header(r, "ambient-ingress")));
    }

    [Fact]
    public async Task Post_EachVerifiedSource_StampedWithItsIngress()
    {
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics);
        var mention = Encoding.UTF8.GetBytes($$$"""{"type":"event_callback","team_id":"T1","event_id":"Ev{{{Guid.NewGuid():N}}}","event":{"type":"app_mention","channel":"C1","text":"hi"}}""");
        var alert = """{"alerts":[{"status":"firing","labels":{"alertname":"HighLatency","namespace":"shop"},"startsAt":"2026-11-23T08:00:00Z","fingerprint":"f1"}]}"""u8.ToArray();

        using var github = await gateway.Http.SendAsync(Signing.GitHubRequest(s_issue, "issues", Guid.NewGuid().ToString()), TestContext.Current.CancellationToken);
        using var slack = await gateway.Http.SendAsync(Signing.SlackRequest("/webhooks/slack", mention, Signing.Now()), TestContext.Current.CancellationToken);
        using var alertmanager = await gateway.Http.SendAsync(Signing.BearerRequest("/webhooks/alertmanager", alert, GatewayHarness.AlertmanagerToken), TestContext.Current.CancellationToken);

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted], new[] { github.StatusCode, slack.StatusCode, alertmanager.StatusCode });
        Assert.Equal("github", TopicRecords.Header(Assert.Single(TopicRecords.ReadAll(kafka.BootstrapServers, topics.GitHub)), "ambient-ingress"));
        Assert.Equal("slack", TopicRecords.Header(Assert.Single(TopicRecords.ReadAll(kafka.BootstrapServers, topics.Slack)), "ambient-ingress"));
        Assert.Equal("alertmanager", TopicRecords.Header(Assert.Single(TopicRecords.ReadAll(kafka.BootstrapServers, topics.Cluster)), "ambient-ingress"));
    }
}
