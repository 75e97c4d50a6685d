using Ambient.Abstractions.Checkpoints;
using Ambient.Runtime.Checkpoints;
using Ambient.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Ambient.Worker.Tests;

/// <summary>
/// The checkpoints topic under the embedded broker's log cleaner: compaction keeps each run's latest head
/// and every step, so a run inside the rollback window can still be inspected and rolled back; runs past
/// their retention are tombstoned by the sweeper and then disappear.
/// </summary>
public sealed class CheckpointCompactionTests(KafkaFixture kafka)
{
    private const int Events = 4;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Compaction_KeepsLatestHeadAndEveryStep_SweeperRemovesOnlyRunsPastRetention()
    {
        var payload = TestEvents.IssueOpenedPayload();
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));

        // Cleaned as eagerly as the broker allows, so the test sees compaction within seconds.
        harness.Topics.Checkpoints = await kafka.CreateTopicAsync("checkpoints", 3, new()
        {
            ["cleanup.policy"] = "compact",
            ["segment.ms"] = "100",
            ["min.cleanable.dirty.ratio"] = "0.01",
            ["delete.retention.ms"] = "500",
        });
        var worker = await harness.StartWorkerAsync();
        var events = Enumerable.Range(0, Events).Select(_ => TestEvents.IssueOpened(payload)).ToArray();
        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "github:Codertocat/Hello-World#1", events);
        await TopicReader.ReadAsync(kafka, harness.Topics.Audit, Events, Cancellation);
        var log = worker.Services.GetRequiredService<ICheckpointLog>();
        var before = await RunCatalog.LoadAllAsync(log, null, Cancellation);
        Assert.All(before.Values, run => Assert.Equal(5, run.Steps.Count));

        // Later writes roll the segments that hold the superseded heads, which makes them cleanable.
        await Task.Delay(200, Cancellation);
        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "github:Codertocat/Hello-World#1", TestEvents.IssueOpened(payload));
        await TopicReader.ReadAsync(kafka, harness.Topics.Audit, Events + 1, Cancellation);
        var compacted = await Eventually.ReadAsync(() => CheckpointReader.ReadAll(kafka, harness.Topics.Checkpoints),
            records => records.Where(r => r.Head is not null && before.ContainsKey(r.Key)).GroupBy(r => r.Key).All(g => g.Count() == 1), Cancellation);

        var after = await RunCatalog.LoadAllAsync(log, null, Cancellation);
        Assert.All(before, run =>
        {
            var kept = after[run.Key];
            Assert.Equal(run.Value.Steps.Select(s => (s.StepIndex, s.StepName, s.Status)), kept.Steps.Select(s => (s.StepIndex, s.StepName, s.Status)));
            Assert.Equal((CheckpointStatus.Succeeded, 4), (kept.Head!.Status, kept.Head.HeadStep));
        });
        Assert.Equal(before.Keys.Order(), compacted.Where(r => r.Head is not null && before.ContainsKey(r.Key)).Select(r => r.Key).Order());

        // Inside the rollback window nothing is removed; past the retention every record of a finished run is tombstoned.
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var options = new CheckpointOptions { Retention = TimeSpan.FromHours(2), RollbackWindow = TimeSpan.FromHours(1) };
        var store = new CheckpointStore(log, harness.AgentName("github-triage"), options, clock, NullLogger<CheckpointStore>.Instance);
        var anyRun = after.Values.First();
        await store.OpenAsync(new(anyRun.RunId), new(harness.Topics.GitHubEvents, anyRun.Head!.Input.Partition, anyRun.Head.Input.Offset), Cancellation);
        clock.Advance(TimeSpan.FromMinutes(90));
        Assert.Equal(0, await store.SweepAsync(Cancellation));
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(Events + 1, await store.SweepAsync(Cancellation));

        await Task.Delay(200, Cancellation);
        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "github:Codertocat/Hello-World#1", TestEvents.IssueOpened(payload));
        await TopicReader.ReadAsync(kafka, harness.Topics.Audit, Events + 2, Cancellation);
        var remaining = await Eventually.ReadAsync(() => RunCatalog.LoadAllAsync(log, null, Cancellation).GetAwaiter().GetResult(),
            runs => runs.Count == 1, Cancellation, TimeSpan.FromMilliseconds(300));
        Assert.DoesNotContain(remaining.Keys, before.ContainsKey);
    }
}
