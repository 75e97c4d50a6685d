using System.Net;
using System.Text;
using Ambient.Testing;

namespace Ambient.Gateway.Tests;

public sealed class GenericEventTests(KafkaFixture kafka)
{
    [Fact]
    public async Task Post_StructuredCloudEvent_WrittenInBinaryModeWithItsAttributes()
    {
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics);
        var body = """{"specversion":"1.0","id":"deploy-81","source":"/ci/shop","type":"io.acme.deploy.finished","subject":"shop/checkout","time":"2026-11-23T08:00:00Z","partitionkey":"k8s:shop/checkout","datacontenttype":"application/json","data":{"version":"1.4.2"}}"""u8.ToArray();

        using var response = await gateway.Http.SendAsync(
            Signing.BearerRequest($"/v1/events/{topics.Extra}", body, GatewayHarness.PublishToken, "application/cloudevents+json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var record = Assert.Single(TopicRecords.ReadAll(kafka.BootstrapServers, topics.Extra));
        Assert.Equal("deploy-81", TopicRecords.Header(record, "ce_id"));
        Assert.Equal("/ci/shop", TopicRecords.Header(record, "ce_source"));
        Assert.Equal("io.acme.deploy.finished", TopicRecords.Header(record, "ce_type"));
        Assert.Equal("shop/checkout", TopicRecords.Header(record, "ce_subject"));
        Assert.Equal("2026-11-23T08:00:00Z", TopicRecords.Header(record, "ce_time"));
        Assert.Equal("k8s:shop/checkout", record.Message.Key);
        Assert.Equal("""{"version":"1.4.2"}""", Encoding.UTF8.GetString(record.Message.Value));
    }

    [Fact]
    public async Task Post_KubernetesEventSampleInBinaryMode_LandsOnceOnClusterTopic()
    {
        var body = await File.ReadAllBytesAsync(SharedSpecs.Require("cluster-events/core.v1.Event.json"), TestContext.Current.CancellationToken);
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics);

        HttpStatusCode[] statuses = [await SendAsync(), await SendAsync()];

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.OK], statuses);
        var record = Assert.Single(TopicRecords.ReadAll(kafka.BootstrapServers, topics.Cluster));
        Assert.Equal("io.k8s.event.reasonValue", TopicRecords.Header(record, "ce_type"));
        Assert.Equal(body, record.Message.Value);

        async Task<HttpStatusCode> SendAsync()
        {
            var request = Signing.BearerRequest($"/v1/events/{topics.Cluster}", body, GatewayHarness.PublishToken);
            request.Headers.Add("ce-specversion", "1.0");
            request.Headers.Add("ce-id", "uidValue/8");
            request.Headers.Add("ce-source", "/k8s/namespaceValue");
            request.Headers.Add("ce-type", "io.k8s.event.reasonValue");
            request.Headers.Add("ce-partitionkey", "k8s:namespaceValue/nameValue");
            using var response = await gateway.Http.SendAsync(request, TestContext.Current.CancellationToken);
            return response.StatusCode;
        }
    }

    [Fact]
    public async Task Post_TokenTopicAndFormatRules_Enforced()
    {
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics);
        var valid = """{"specversion":"1.0","id":"e1","source":"/x","type":"t"}"""u8.ToArray();

        var cases = new (HttpRequestMessage Request, HttpStatusCode Expected)[]
        {
            (Signing.BearerRequest($"/v1/events/{topics.Extra}", valid, token: null, "application/cloudevents+json"), HttpStatusCode.Unauthorized),
            (Signing.BearerRequest($"/v1/events/{topics.Extra}", valid, "not-the-token", "application/cloudevents+json"), HttpStatusCode.Unauthorized),
            (Signing.BearerRequest($"/v1/events/{topics.GitHub}", valid, GatewayHarness.PublishToken, "application/cloudevents+json"), HttpStatusCode.Forbidden),
            (Signing.BearerRequest("/v1/events/ambient.audit", valid, GatewayHarness.PublishToken, "application/cloudevents+json"), HttpStatusCode.Forbidden),
            (Signing.BearerRequest($"/v1/events/{topics.Extra}", Encoding.UTF8.GetBytes($"[{Encoding.UTF8.GetString(valid)}]"), GatewayHarness.PublishToken, "application/cloudevents-batch+json"), HttpStatusCode.UnsupportedMediaType),
            (Signing.BearerRequest($"/v1/events/{topics.Extra}", """{"specversion":"0.3","id":"e1","source":"/x","type":"t"}"""u8.ToArray(), GatewayHarness.PublishToken, "application/cloudevents+json"), HttpStatusCode.BadRequest),
            (Signing.BearerRequest($"/v1/events/{topics.Extra}", """{"specversion":"1.0","source":"/x","type":"t"}"""u8.ToArray(), GatewayHarness.PublishToken, "application/cloudevents+json"), HttpStatusCode.BadRequest),
            (Signing.BearerRequest($"/v1/events/{topics.Extra}", """{"data":1}"""u8.ToArray(), GatewayHarness.PublishToken), HttpStatusCode.BadRequest),
        };

        foreach (var (request, expected) in cases)
        {
            using var response = await gateway.Http.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal(expected, response.StatusCode);
        }

        Assert.Empty(TopicRecords.ReadAll(kafka.BootstrapServers, topics.Extra));
        Assert.Empty(TopicRecords.ReadAll(kafka.BootstrapServers, topics.GitHub));
    }
}
