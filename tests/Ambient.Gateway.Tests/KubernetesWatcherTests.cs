using System.Text.Json;
using System.Text.Json.Nodes;
using Ambient.Gateway.Kubernetes;
using Ambient.Testing;
using Confluent.Kafka;

namespace Ambient.Gateway.Tests;

/// <summary>The Kubernetes Event watcher against a local fake API server over real HTTP, publishing to the broker under test.</summary>
public sealed class KubernetesWatcherTests(KafkaFixture kafka)
{
    [Fact]
    public async Task Watch_ListThenWatch_PublishesWarningsOnceResumesFromLastResourceVersion()
    {
        var sample = JsonNode.Parse(await File.ReadAllTextAsync(SharedSpecs.Require("cluster-events/core.v1.Event.json"), TestContext.Current.CancellationToken))!.AsObject();
        sample["type"] = "Warning"; // the sample fills every field with a placeholder, its type too
        sample["metadata"]!["resourceVersion"] = "100";
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var api = await FakeKubernetesApi.StartAsync();
        api.ListItems.Add(sample);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics, settings =>
        {
            settings["Ambient:Gateway:Kubernetes:Enabled"] = "true";
            settings["Ambient:Gateway:Kubernetes:Host"] = api.Url;
            settings["Ambient:Gateway:Kubernetes:ReconnectDelay"] = "00:00:00.100";
        });

        var listed = await RecordsAsync(topics.Cluster, count: 1);
        await Eventually.UntilAsync(() => api.WatchRequests.Count == 1, TestContext.Current.CancellationToken);
        api.Send("MODIFIED", Bumped(sample, count: 9, resourceVersion: "101"));
        api.Send("ADDED", Event("uid-backoff", "BackOff", "Warning", "shop", "checkout-7d9f8c6b5-x2k4q", "102"));
        api.Send("ADDED", Event("uid-pulled", "Pulled", "Normal", "shop", "checkout-7d9f8c6b5-x2k4q", "103"));
        api.Send("BOOKMARK", new JsonObject { ["kind"] = "Event", ["apiVersion"] = "v1", ["metadata"] = new JsonObject { ["resourceVersion"] = "104" } });
        var watched = await RecordsAsync(topics.Cluster, count: 2);
        await Eventually.UntilAsync(() => api.WatchRequests.Count == 1 && GatewayWatcherSaw(gateway, "104"), TestContext.Current.CancellationToken);
        api.CloseWatch();
        await Eventually.UntilAsync(() => api.WatchRequests.Count == 2, TestContext.Current.CancellationToken);

        var first = Assert.Single(listed);
        Assert.Equal("io.k8s.event.reasonValue", TopicRecords.Header(first, "ce_type"));
        Assert.Equal("uidValue", TopicRecords.Header(first, "ce_id"));
        Assert.Equal("/k8s/namespaceValue", TopicRecords.Header(first, "ce_source"));
        Assert.Equal("namespaceValue/nameValue", TopicRecords.Header(first, "ce_subject"));
        Assert.Equal("kubernetes", TopicRecords.Header(first, "ambient-ingress"));
        Assert.Equal("k8s:namespaceValue/nameValue", first.Message.Key);
        using (var data = JsonDocument.Parse(first.Message.Value))
        {
            Assert.Equal("messageValue", data.RootElement.GetProperty("message").GetString());
            Assert.Equal(8, data.RootElement.GetProperty("count").GetInt32());
        }

        Assert.Equal(["uidValue", "uid-backoff"], watched.Select(r => TopicRecords.Header(r, "ce_id"))); // the count bump and the Normal event were not published
        Assert.Equal("io.k8s.event.BackOff", TopicRecords.Header(watched[1], "ce_type"));
        Assert.Equal("k8s:shop/checkout-7d9f8c6b5-x2k4q", watched[1].Message.Key);
        var queries = api.WatchRequests.ToArray();
        Assert.Equal("100", queries[0]["resourceVersion"]);
        Assert.Equal("type=Warning", queries[0]["fieldSelector"]);
        Assert.Equal("104", queries[1]["resourceVersion"]);
        Assert.Single(TopicRecords.ReadAll(kafka.BootstrapServers, topics.Cluster), r => TopicRecords.Header(r, "ce_id") == "uidValue");
    }

    [Fact]
    public async Task Watch_ExpiredResourceVersion_ListsAgainWithoutRepublishing()
    {
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var api = await FakeKubernetesApi.StartAsync();
        api.ListItems.Add(Event("uid-oom", "OOMKilling", "Warning", "shop", "cart-0", "200"));
        api.ListResourceVersion = "200";
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics, settings =>
        {
            settings["Ambient:Gateway:Kubernetes:Enabled"] = "true";
            settings["Ambient:Gateway:Kubernetes:Host"] = api.Url;
            settings["Ambient:Gateway:Kubernetes:Namespaces:0"] = "shop";
            settings["Ambient:Gateway:Kubernetes:ReconnectDelay"] = "00:00:00.100";
        });
        await RecordsAsync(topics.Cluster, count: 1);
        await Eventually.UntilAsync(() => api.WatchRequests.Count == 1, TestContext.Current.CancellationToken);

        api.ListResourceVersion = "300";
        api.SendError(410, "Expired");
        api.CloseWatch();
        await Eventually.UntilAsync(() => api.WatchRequests.Count == 2, TestContext.Current.CancellationToken);

        Assert.Equal(2, api.ListRequests);
        Assert.Equal("300", api.WatchRequests.ToArray()[1]["resourceVersion"]);
        Assert.Single(TopicRecords.ReadAll(kafka.BootstrapServers, topics.Cluster)); // the second list repeated uid-oom: a duplicate
    }

    private static bool GatewayWatcherSaw(GatewayHarness gateway, string resourceVersion) =>
        gateway.App.Services.GetService(typeof(KubernetesEventWatcher)) is KubernetesEventWatcher watcher &&
        watcher.ResourceVersions.TryGetValue(string.Empty, out var seen) && seen == resourceVersion;

    private async Task<List<ConsumeResult<string?, byte[]>>> RecordsAsync(string topic, int count) =>
        await Eventually.ReadAsync(() => TopicRecords.ReadAll(kafka.BootstrapServers, topic), records => records.Count >= count, TestContext.Current.CancellationToken);

    private static JsonObject Bumped(JsonObject item, int count, string resourceVersion)
    {
        var bumped = item.DeepClone().AsObject();
        bumped["count"] = count;
        bumped["metadata"]!["resourceVersion"] = resourceVersion;
        return bumped;
    }

    private static JsonObject Event(string uid, string reason, string type, string @namespace, string pod, string resourceVersion) => new()
    {
        ["kind"] = "Event",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject { ["name"] = $"{pod}.{uid}", ["namespace"] = @namespace, ["uid"] = uid, ["resourceVersion"] = resourceVersion },
        ["involvedObject"] = new JsonObject { ["kind"] = "Pod", ["namespace"] = @namespace, ["name"] = pod, ["apiVersion"] = "v1" },
        ["reason"] = reason,
        ["message"] = $"{reason} for {pod}",
        ["type"] = type,
        ["count"] = 1,
    };
}
