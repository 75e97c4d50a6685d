using Ambient.Kafka.Topics;
using Ambient.Testing;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;

namespace Ambient.Worker.Tests;

/// <summary>A worker starts only on topics that can hold its runs; otherwise it says, in one error, what to fix.</summary>
public sealed class TopicLayoutTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Worker_CheckpointsTopicAutoCreatedWithOnePartition_RefusesToStartWithOneErrorAndConsumesNothing()
    {
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        var checkpoints = harness.Topics.Checkpoints;
        using (var admin = kafka.AdminClient())
        {
            // What Kafka's auto-creation makes when a client asks for the topic before `ambient topics init`: 1 partition, delete.
            await admin.DeleteTopicsAsync([checkpoints]);
            await Eventually.ReadAsync(() => TryCreate(admin, new TopicSpecification { Name = checkpoints, NumPartitions = 1, ReplicationFactor = -1 }), created => created, Cancellation);
        }

        await TestEvents.PublishAsync(kafka, new TopicPartition(harness.Topics.GitHubEvents, 2), "k", TestEvents.IssueOpened(TestEvents.IssueOpenedPayload()));
        var logs = new CollectingLoggerProvider(LogLevel.Error);

        var refused = await Assert.ThrowsAsync<TopicLayoutException>(() => harness.StartWorkerAsync(logs: logs));

        Assert.Contains($"topic '{checkpoints}' has 1 partition, cleanup.policy=delete, 0 records; it needs at least 3 partitions (one for each partition of {harness.Topics.GitHubEvents} (3)",
            refused.Message, StringComparison.Ordinal);
        Assert.Contains("and cleanup.policy=compact", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"`ambient topics init --repair --bootstrap {kafka.BootstrapServers}", refused.Message, StringComparison.Ordinal);
        // One error from the worker (the generic host adds its own "Hosting failed to start").
        Assert.Equal([refused.Message], logs.Entries.Where(e => e.Category.StartsWith("Ambient", StringComparison.Ordinal)).Select(e => e.Message));
        Assert.Equal(0, TopicReader.CountAfterQuiet(kafka, harness.Topics.DeadLetter));
        using var check = kafka.AdminClient();
        var groups = await check.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions($"ambient-agent-{harness.AgentName("github-triage")}", null)]);
        Assert.All(groups.Single().Partitions, p => Assert.True(p.Offset.Value < 0, $"{p.TopicPartition} was committed at {p.Offset}"));
    }

    private static bool TryCreate(IAdminClient admin, TopicSpecification topic)
    {
        try
        {
            admin.CreateTopicsAsync([topic]).GetAwaiter().GetResult();
            return true;
        }
        catch (CreateTopicsException)
        {
            // A real broker deletes in the background.
            return false;
        }
    }
}
