using System.Text.Json.Nodes;
using Ambient.Abstractions.Audit;
using Ambient.Kafka.CloudEvents;
using Ambient.Kafka.Configuration;
using Ambient.Testing;
using Confluent.Kafka;

namespace Ambient.Worker.Tests;

/// <summary>An event as large as a webhook may be (the gateway takes 25 MiB) goes through a worker like any other.</summary>
public sealed class LargeEventTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Process_TenMiBIssueEvent_CompletedWithItsActions()
    {
        var payload = JsonNode.Parse(TestEvents.IssueOpenedPayload())!;
        payload["issue"]!["body"] = new string('x', 10 * 1024 * 1024);
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        await harness.StartWorkerAsync();

        // As the gateway's producer does (Ambient's producers write up to RecordSizeLimits.EventRecordBytes).
        var config = kafka.ProducerConfig();
        config.MessageMaxBytes = RecordSizeLimits.EventRecordBytes;
        using (var producer = new ProducerBuilder<string?, byte[]>(config).Build())
        {
            await producer.ProduceAsync(harness.Topics.GitHubEvents,
                CloudEventKafkaBinding.ToBinaryMessage(TestEvents.IssueOpened(payload.ToJsonString()), "github:Codertocat/Hello-World#1"), Cancellation);
        }

        var audit = AmbientRecordReader.Audit((await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1, Cancellation)).Single().Message.Value);

        Assert.Equal(RunOutcomes.Completed, audit.Outcome);
        Assert.NotEmpty(audit.ActionIds);
        Assert.Equal(0, TopicReader.CountAfterQuiet(kafka, harness.Topics.DeadLetter));
    }
}
