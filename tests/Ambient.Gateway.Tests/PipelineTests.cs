using System.Diagnostics;
using System.Net;
using Ambient.Testing;
using Confluent.Kafka;

namespace Ambient.Gateway.Tests;

/// <summary>From a signed webhook to the actions it leads to, through real gateways and a real worker.</summary>
public sealed class PipelineTests(KafkaFixture kafka)
{
    [Fact]
    public async Task Webhook_ToActions_OneSampledTraceFromTheHttpRequestToTheActionRecords()
    {
        var payload = await File.ReadAllBytesAsync(SharedSpecs.Require("github-webhooks/issues/opened.payload.json"), TestContext.Current.CancellationToken);
        await using var pipeline = await PipelineHarness.CreateAsync(kafka.BootstrapServers);
        await pipeline.StartWorkerAsync();
        var gateway = await pipeline.StartGatewayAsync();

        using var response = await gateway.Http.SendAsync(Signing.GitHubRequest(payload, "issues", Guid.NewGuid().ToString()), TestContext.Current.CancellationToken);
        var audit = AmbientRecordReader.Audit((await Eventually.ReadAsync(() => ReadAll(pipeline.Topics.Audit), records => records.Count > 0, TestContext.Current.CancellationToken))[0].Message.Value);
        var actions = await Eventually.ReadAsync(() => ReadAll(pipeline.Topics.Actions), records => records.Count >= audit.ActionIds.Count, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var webhook = ActivityContext.Parse(TopicRecords.Header(ReadAll(pipeline.Topics.GitHubEvents).Single(), "traceparent"), null);
        Assert.True(webhook.TraceFlags.HasFlag(ActivityTraceFlags.Recorded), "the webhook's record carries an unsampled context");
        var server = Assert.Single(pipeline.GatewaySpans.ToArray(), span => span.Kind == ActivityKind.Server && span.TraceId == webhook.TraceId);
        Assert.Equal("/webhooks/github", server.GetTagItem("url.path"));
        Assert.NotEmpty(audit.ActionIds);
        Assert.All(actions, action => Assert.Equal(webhook.TraceId, ActivityContext.Parse(TopicRecords.Header(action, "traceparent"), null).TraceId));
        Assert.Contains(pipeline.WorkerSpans.ToArray(), span => span.TraceId == webhook.TraceId);
    }

    [Fact]
    public async Task SameDelivery_ToTwoGatewayReplicas_TwoRecordsOneRunOneSetOfActionIds()
    {
        var payload = await File.ReadAllBytesAsync(SharedSpecs.Require("github-webhooks/issues/opened.payload.json"), TestContext.Current.CancellationToken);
        await using var pipeline = await PipelineHarness.CreateAsync(kafka.BootstrapServers);
        await pipeline.StartWorkerAsync();
        var first = await pipeline.StartGatewayAsync();
        var second = await pipeline.StartGatewayAsync();
        var delivery = Guid.NewGuid().ToString();

        // Replicas do not share their memory of deliveries: each accepts the copy GitHub (or a load balancer's retry) sent it.
        using var toFirst = await first.Http.SendAsync(Signing.GitHubRequest(payload, "issues", delivery), TestContext.Current.CancellationToken);
        using var toSecond = await second.Http.SendAsync(Signing.GitHubRequest(payload, "issues", delivery), TestContext.Current.CancellationToken);
        var audit = AmbientRecordReader.Audit((await Eventually.ReadAsync(() => ReadAll(pipeline.Topics.Audit), records => records.Count > 0, TestContext.Current.CancellationToken))[0].Message.Value);

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted], new[] { toFirst.StatusCode, toSecond.StatusCode });
        Assert.Equal(2, ReadAll(pipeline.Topics.GitHubEvents).Count(r => TopicRecords.Header(r, "ce_id") == delivery));
        await WaitUntilConsumedAsync($"ambient-agent-{pipeline.Agent}", pipeline.Topics.GitHubEvents);
        Assert.Single(ReadAll(pipeline.Topics.Audit));
        Assert.Equal(audit.ActionIds.Order(StringComparer.Ordinal), ReadAll(pipeline.Topics.Actions).Select(a => AmbientRecordReader.Action(a.Message.Value).Id).Order(StringComparer.Ordinal));
    }

    /// <summary>Waits until <paramref name="group"/> committed every record of <paramref name="topic"/>: it has handled both copies.</summary>
    private async Task WaitUntilConsumedAsync(string group, string topic)
    {
        using var admin = kafka.AdminClient();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
        using var consumer = new ConsumerBuilder<string?, byte[]>(kafka.ConsumerConfig(KafkaFixture.UniqueName("watermarks"))).Build();
        var end = partitions.Sum(p => consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(10)).High.Value);
        await Eventually.ReadAsync(
            () => admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group, partitions)]).GetAwaiter().GetResult()
                .Single().Partitions.Sum(p => Math.Max(0, p.Offset.Value)),
            committed => committed >= end, TestContext.Current.CancellationToken);
    }

    /// <summary>Every record of every partition of <paramref name="topic"/>.</summary>
    private List<ConsumeResult<string?, byte[]>> ReadAll(string topic)
    {
        using var admin = kafka.AdminClient();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Count;
        return [.. Enumerable.Range(0, partitions).SelectMany(partition => TopicRecords.ReadAll(kafka.BootstrapServers, topic, partition))];
    }
}
