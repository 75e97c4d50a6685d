using System.Net;
using System.Text.Json;
using Ambient.Testing;

namespace Ambient.Gateway.Tests;

public sealed class AlertmanagerWebhookTests(KafkaFixture kafka)
{
    [Fact]
    public async Task Post_SampleNotifications_OneEventPerAlertOnceEach()
    {
        var resolved = await File.ReadAllBytesAsync(SharedSpecs.Require("cluster-events/with_common_items.json"), TestContext.Current.CancellationToken);
        var firing = await File.ReadAllBytesAsync(SharedSpecs.Require("cluster-events/prom_post_request.json"), TestContext.Current.CancellationToken);
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics);
        var expected = AlertCount(resolved) + AlertCount(firing);

        var statuses = new List<HttpStatusCode>();
        foreach (var body in new[] { resolved, firing, resolved, firing })
        {
            using var response = await gateway.Http.SendAsync(Signing.BearerRequest("/webhooks/alertmanager", body, GatewayHarness.AlertmanagerToken), TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.OK, HttpStatusCode.OK], statuses);
        var records = TopicRecords.ReadAll(kafka.BootstrapServers, topics.Cluster);
        Assert.Equal(expected, records.Count);
        var first = records[0];
        Assert.Equal("io.prometheus.alert.resolved", TopicRecords.Header(first, "ce_type"));
        Assert.Equal("CPUThrottlingHigh", TopicRecords.Header(first, "ce_subject"));
        Assert.Equal("dd19ae3d4e06ac55/2019-01-28T20:26:23.868893Z/resolved", TopicRecords.Header(first, "ce_id"));
        Assert.Equal("k8s:monitoring/alertmanager-ot-mon-prometheus-operator-alertmanager-0", first.Message.Key);
        var last = records[^1];
        Assert.Equal("io.prometheus.alert.firing", TopicRecords.Header(last, "ce_type"));
        Assert.Equal("high_memory_load", TopicRecords.Header(last, "ce_subject"));
        using var data = JsonDocument.Parse(last.Message.Value);
        Assert.Equal("firing", data.RootElement.GetProperty("status").GetString()); // taken from the group: the alert had none
        Assert.Equal("docker_nodes", data.RootElement.GetProperty("labels").GetProperty("job").GetString());
    }

    [Fact]
    public async Task Post_MissingOrWrongToken_401WithChallengeAndNothingPublished()
    {
        var body = await File.ReadAllBytesAsync(SharedSpecs.Require("cluster-events/prom_post_request.json"), TestContext.Current.CancellationToken);
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics);

        using var missing = await gateway.Http.SendAsync(Signing.BearerRequest("/webhooks/alertmanager", body, token: null), TestContext.Current.CancellationToken);
        using var wrong = await gateway.Http.SendAsync(Signing.BearerRequest("/webhooks/alertmanager", body, "guess"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("Bearer", Assert.Single(missing.Headers.WwwAuthenticate).Scheme);
        Assert.Empty(TopicRecords.ReadAll(kafka.BootstrapServers, topics.Cluster));
    }

    [Fact]
    public async Task Post_NoAlertsOrBadStatus_400()
    {
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics);

        using var empty = await gateway.Http.SendAsync(Signing.BearerRequest("/webhooks/alertmanager", """{"alerts":[]}"""u8.ToArray(), GatewayHarness.AlertmanagerToken), TestContext.Current.CancellationToken);
        using var status = await gateway.Http.SendAsync(Signing.BearerRequest("/webhooks/alertmanager", """{"status":"melting","alerts":[{"labels":{}}]}"""u8.ToArray(), GatewayHarness.AlertmanagerToken), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, status.StatusCode);
        Assert.Empty(TopicRecords.ReadAll(kafka.BootstrapServers, topics.Cluster));
    }

    private static int AlertCount(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("alerts").GetArrayLength();
    }
}
