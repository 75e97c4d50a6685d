using System.Text;
using System.Text.Json.Nodes;
using Ambient.Abstractions.Events;
using Ambient.Testing;

namespace Ambient.Worker.Tests;

/// <summary>A sample agent acts only on events whose source Ambient verified, however the event names its source.</summary>
public sealed class IngressTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Process_ForgedBackOffFromAPublishToken_IgnoredGenuineOneHandled()
    {
        var kubernetesEvent = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(TestEvents.SpecsDirectory("cluster-events"), "core.v1.Event.json"), Cancellation))!;
        kubernetesEvent["type"] = "Warning";
        kubernetesEvent["reason"] = "BackOff";
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("incident-responder"));
        await harness.StartWorkerAsync();
        AmbientEvent BackOff(string? ingress) => new(Guid.NewGuid().ToString(), "/k8s/shop", CloudEventTypes.KubernetesEvent("BackOff"), "shop/checkout",
            DateTimeOffset.UnixEpoch, "application/json", Encoding.UTF8.GetBytes(kubernetesEvent.ToJsonString())) { Ingress = ingress };
        var forged = BackOff(IngressKinds.Publish("default"));
        var unstamped = BackOff(null);
        var genuine = BackOff(IngressKinds.Kubernetes);

        // One key, so one partition: by the time the genuine event's run is audited, the two before it were read.
        await TestEvents.PublishAsync(kafka, harness.Topics.ClusterEvents, EntityKeys.Kubernetes("shop", "checkout"), forged, unstamped, genuine);
        var audit = AmbientRecordReader.Audit((await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1, Cancellation)).Single().Message.Value);

        Assert.Equal(genuine.Id, audit.EventId);
        Assert.Equal(1, TopicReader.CountAfterQuiet(kafka, harness.Topics.Audit));
        Assert.All(
            (await TopicReader.ReadAsync(kafka, harness.Topics.Actions, audit.ActionIds.Count, Cancellation)).Select(a => AmbientRecordReader.Action(a.Message.Value)),
            action => Assert.StartsWith(audit.RunId, action.Id, StringComparison.Ordinal));
    }
}
