using Ambient.Abstractions.Checkpoints;
using Ambient.Testing;

namespace Ambient.Worker.Tests;

/// <summary>
/// A second worker joins while the first is mid-stream: partitions move, the moved partitions' runs are
/// restored from their checkpoints by the new owner, and every event still ends with each action once.
/// </summary>
public sealed class RebalanceResumeTests(KafkaFixture kafka)
{
    private const int Events = 30;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WorkerJoinsMidStream_MovedPartitionsResumeWithoutDuplicates()
    {
        var payload = TestEvents.IssueOpenedPayload();
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        var events = Enumerable.Range(1, Events)
            .Select(n => (Key: $"github:Codertocat/Hello-World#{n}", Event: TestEvents.IssueOpened(payload.Replace("\"number\": 1,", $"\"number\": {n},", StringComparison.Ordinal))))
            .ToList();
        foreach (var (key, @event) in events)
        {
            await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, key, @event);
        }

        await harness.StartWorkerAsync();
        await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 3, Cancellation);
        await harness.StartWorkerAsync();
        await TopicReader.ReadAsync(kafka, harness.Topics.Audit, Events, Cancellation);

        var audits = (await TopicReader.ReadAsync(kafka, harness.Topics.Audit, Events, Cancellation)).Select(a => AmbientRecordReader.Audit(a.Message.Value)).ToList();
        Assert.Equal(events.Select(e => e.Event.Id).Order(), audits.Select(a => a.EventId).Order());
        Assert.Equal(Events * 3, TopicReader.CountAfterQuiet(kafka, harness.Topics.Actions));
        var actions = (await TopicReader.ReadAsync(kafka, harness.Topics.Actions, Events * 3, Cancellation)).Select(a => AmbientRecordReader.Action(a.Message.Value).Id);
        Assert.Equal(Events * 3, actions.Distinct().Count());
        var steps = CheckpointReader.ReadAll(kafka, harness.Topics.Checkpoints).Where(c => c.Step is not null).ToList();
        Assert.All(steps.GroupBy(s => s.Key), g => Assert.Single(g));
        Assert.Equal(Events, steps.Count(s => s.Step!.StepName == StepNames.Finish));
    }
}
