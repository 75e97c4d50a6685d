using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Runs;
using Ambient.Testing;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Ambient.Worker.Tests;

/// <summary>
/// A run is the event's (agent + CloudEvent source + id), not the record's position: copies of one event are one run
/// with one set of action ids, and an unrelated event at a position an earlier event had is a run of its own.
/// </summary>
public sealed class RunIdentityTests(KafkaFixture kafka)
{
    private const string Key = "github:Codertocat/Hello-World#1";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Worker_TopicDeletedAndRecreated_NewEventsAtReusedOffsetsAreNewRuns()
    {
        var payload = TestEvents.IssueOpenedPayload();
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        var topic = harness.Topics.GitHubEvents;
        var before = new[] { TestEvents.IssueOpened(payload), TestEvents.IssueOpened(payload) };
        var first = await harness.StartWorkerAsync();
        await TestEvents.PublishAsync(kafka, new TopicPartition(topic, 0), Key, before);
        await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 2, Cancellation);
        await first.StopAsync(Cancellation);

        await RecreateAsync(topic, partitions: 3);
        var after = new[] { TestEvents.IssueOpened(payload), TestEvents.IssueOpened(payload) };
        var sentinel = TestEvents.IssueOpened(payload);
        await TestEvents.PublishAsync(kafka, new TopicPartition(topic, 0), Key, [.. after, sentinel]);
        await harness.StartWorkerAsync();
        var audits = Audits(await TopicReader.ReadUntilAsync(kafka, harness.Topics.Audit, r => Audits(r).Any(a => a.EventId == sentinel.Id), Cancellation));

        // The new events sit at the offsets the old ones had (0 and 1): each is still a run of its own, and acts.
        Assert.Equal([.. before.Select(e => e.Id), .. after.Select(e => e.Id), sentinel.Id], audits.Select(a => a.EventId));
        Assert.Equal(5, audits.Select(a => a.RunId).Distinct().Count());
        Assert.All(audits, a => Assert.Equal((RunOutcomes.Completed, 3), (a.Outcome, a.ActionIds.Count)));
        Assert.Equal(15, TopicReader.CountAfterQuiet(kafka, harness.Topics.Actions));
    }

    [Fact]
    public async Task Worker_SameEventPublishedTwiceInOnePartition_OneRunOneSetOfActionsAndTheCopyCommitted()
    {
        var payload = TestEvents.IssueOpenedPayload();
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        await harness.StartWorkerAsync();
        var issue = TestEvents.IssueOpened(payload);
        var sentinel = TestEvents.IssueOpened(payload);

        // A retrying producer, or two gateway replicas: the same CloudEvent (source and id) in two records.
        await TestEvents.PublishAsync(kafka, new TopicPartition(harness.Topics.GitHubEvents, 0), Key, issue, issue, sentinel);
        var audits = Audits(await TopicReader.ReadUntilAsync(kafka, harness.Topics.Audit, r => Audits(r).Any(a => a.EventId == sentinel.Id), Cancellation));

        Assert.Equal([issue.Id, sentinel.Id], audits.Select(a => a.EventId));
        Assert.Equal(RunId.For(harness.AgentName("github-triage"), issue).Value, audits[0].RunId);
        var actions = (await TopicReader.ReadAsync(kafka, harness.Topics.Actions, 6, Cancellation)).Select(a => AmbientRecordReader.Action(a.Message.Value)).ToList();
        Assert.Equal(6, TopicReader.CountAfterQuiet(kafka, harness.Topics.Actions));
        Assert.Equal(audits[0].ActionIds, actions.Where(a => a.EventId == issue.Id).Select(a => a.Id));
        Assert.Equal(3, await CommittedAsync($"ambient-agent-{harness.AgentName("github-triage")}", new TopicPartition(harness.Topics.GitHubEvents, 0)));
    }

    [Fact]
    public async Task Worker_SameEventInTwoPartitions_BothRunsProposeTheSameActionIds()
    {
        var payload = TestEvents.IssueOpenedPayload();
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        await harness.StartWorkerAsync();
        var issue = TestEvents.IssueOpened(payload);

        // The copy has another key, so it lands in a partition whose checkpoints the first run is not in.
        await TestEvents.PublishAsync(kafka, new TopicPartition(harness.Topics.GitHubEvents, 0), Key, issue);
        await TestEvents.PublishAsync(kafka, new TopicPartition(harness.Topics.GitHubEvents, 1), "another-key", issue);
        var actions = (await TopicReader.ReadAsync(kafka, harness.Topics.Actions, 6, Cancellation)).Select(a => AmbientRecordReader.Action(a.Message.Value)).ToList();

        var run = RunId.For(harness.AgentName("github-triage"), issue).Value;
        Assert.Equal([$"{run}/2/0", $"{run}/2/1", $"{run}/2/2"], actions.Select(a => a.Id).Distinct().Order(StringComparer.Ordinal));
        Assert.All(actions.GroupBy(a => a.Id), g => Assert.Equal(2, g.Count()));
    }

    [Fact]
    public async Task Worker_TwoFreshBrokers_DifferentEventsAtTheSameOffsetGetDifferentRunIds()
    {
        kafka.RequireEmbedded("a second fresh data directory needs a second embedded broker");
        var payload = TestEvents.IssueOpenedPayload();
        await using var fresh = new KafkaFixture();
        await fresh.InitializeAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        await using var one = await WorkerHarness.CreateAsync(kafka, suffix, WorkerHarness.SampleAgent("github-triage"));
        await using var other = await WorkerHarness.CreateAsync(fresh, suffix, WorkerHarness.SampleAgent("github-triage"));
        await one.StartWorkerAsync();
        await other.StartWorkerAsync();

        // Same agent, same topic, partition 0, offset 0, in two clusters (or one data directory wiped and started again).
        await TestEvents.PublishAsync(kafka, new TopicPartition(one.Topics.GitHubEvents, 0), Key, TestEvents.IssueOpened(payload));
        await TestEvents.PublishAsync(fresh, new TopicPartition(other.Topics.GitHubEvents, 0), Key, TestEvents.IssueOpened(payload));
        var first = Audits(await TopicReader.ReadAsync(kafka, one.Topics.Audit, 1, Cancellation)).Single();
        var second = Audits(await TopicReader.ReadAsync(fresh, other.Topics.Audit, 1, Cancellation)).Single();

        Assert.NotEqual(first.EventId, second.EventId);
        Assert.NotEqual(first.RunId, second.RunId);
        Assert.Empty(first.ActionIds.Intersect(second.ActionIds));
    }

    [Fact]
    public async Task Worker_UpgradedMidRun_RunCheckpointedUnderItsPositionalIdResumesUnderIt()
    {
        var payload = TestEvents.IssueOpenedPayload();
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        var agent = harness.AgentName("github-triage");
        var issue = TestEvents.IssueOpened(payload);
        await TestEvents.PublishAsync(kafka, new TopicPartition(harness.Topics.GitHubEvents, 1), Key, issue);
        using (var old = WorkerProcess.Start(harness, new Dictionary<string, string> { ["Ambient:Checkpoints:KillAfterCheckpoints"] = "2" }))
        {
            await old.WaitForExitAsync(TimeSpan.FromSeconds(90));
        }

        // What a worker from before run ids were the event's left behind: perceive and reason, under the id of the position.
        var steps = CheckpointReader.ReadAll(kafka, harness.Topics.Checkpoints).Where(r => r.Step is not null).Select(r => r.Step!).ToList();
        Assert.Equal([StepNames.Perceive, StepNames.Reason], steps.Select(s => s.StepName));
        var input = steps[0].Input;
        var positional = RunId.ForPosition(agent, new EventCoordinates(input.Topic, input.Partition, input.Offset)).Value;
        await CheckpointReader.RekeyAsync(kafka, harness.Topics.Checkpoints, [.. steps.Select(s => (s, (RunHead?)null))], positional);

        await harness.StartWorkerAsync();
        var audit = Audits(await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1, Cancellation)).Single();

        Assert.Equal((positional, RunOutcomes.Completed), (audit.RunId, audit.Outcome));
        Assert.Equal([$"{positional}/2/0", $"{positional}/2/1", $"{positional}/2/2"], audit.ActionIds);
        var written = CheckpointReader.ReadAll(kafka, harness.Topics.Checkpoints).Where(r => r.Step is not null && r.Step.RunId == positional).ToList();
        Assert.Equal([0, 1, 2, 3, 4], written.Select(r => r.Step!.StepIndex));
    }

    private static List<AuditRecord> Audits(IEnumerable<ConsumeResult<string?, byte[]>> records) =>
        [.. records.Select(r => AmbientRecordReader.Audit(r.Message.Value))];

    private async Task RecreateAsync(string topic, int partitions)
    {
        using var admin = kafka.AdminClient();
        await admin.DeleteTopicsAsync([topic]);
        await Eventually.ReadAsync(() =>
        {
            try
            {
                // A real broker deletes in the background: creating fails until it is done.
                admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = partitions, ReplicationFactor = -1 }]).GetAwaiter().GetResult();
                return true;
            }
            catch (CreateTopicsException)
            {
                return false;
            }
        }, created => created, Cancellation);
    }

    private async Task<long> CommittedAsync(string group, TopicPartition partition)
    {
        using var admin = kafka.AdminClient();
        return await Eventually.ReadAsync(
            () => admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group, [partition])]).GetAwaiter().GetResult()
                .Single().Partitions.Single().Offset.Value,
            offset => offset >= 3, Cancellation);
    }
}
