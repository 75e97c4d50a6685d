using Ambient.Testing;

namespace Ambient.Worker.Tests.Governance;

/// <summary>
/// The kill switch across two worker processes: once a pause of every agent is acknowledged (and the 2 s it is given
/// to reach every worker), no new run starts and events wait on their topic; after resume each of them runs, once.
/// </summary>
public sealed class KillSwitchTests(KafkaFixture kafka)
{
    private const int Held = 6;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PauseAll_TwoWorkerProcesses_StartNothingUntilResumeThenRunEveryHeldEventOnce()
    {
        var payload = TestEvents.IssueOpenedPayload();
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        using var governance = new TestGovernance(kafka.BootstrapServers, harness.Topics.Policy);
        using var first = WorkerProcess.Start(harness);
        using var second = WorkerProcess.Start(harness);
        var before = TestEvents.IssueOpened(payload);
        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "github:Codertocat/Hello-World#0", before);
        await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1, Cancellation);

        await governance.PauseAllAsync();
        await Task.Delay(TimeSpan.FromSeconds(2), Cancellation); // the promise: in force everywhere within 2 s of the acknowledgement
        var events = Enumerable.Range(1, Held)
            .Select(n => TestEvents.IssueOpened(payload.Replace("\"number\": 1,", $"\"number\": {n},", StringComparison.Ordinal)))
            .ToArray();
        foreach (var (issue, n) in events.Select((e, n) => (e, n)))
        {
            await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, $"github:Codertocat/Hello-World#{n + 1}", issue);
        }

        await Task.Delay(TimeSpan.FromSeconds(3), Cancellation);
        var startedWhilePaused = CheckpointReader.ReadAll(kafka, harness.Topics.Checkpoints).Count(r => r.Step is { } step && events.Any(e => e.Id == step.Input.EventId));
        var auditedWhilePaused = TopicReader.CountAfterQuiet(kafka, harness.Topics.Audit);
        await governance.ResumeAllAsync();
        var audits = (await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1 + Held, Cancellation)).Select(a => AmbientRecordReader.Audit(a.Message.Value)).ToList();
        await Task.WhenAll(first.StopAsync(), second.StopAsync());

        Assert.Equal((0, 1), (startedWhilePaused, auditedWhilePaused));
        Assert.Equal(1 + Held, TopicReader.CountAfterQuiet(kafka, harness.Topics.Audit));
        Assert.Equal(events.Append(before).Select(e => e.Id).Order(StringComparer.Ordinal), audits.Select(a => a.EventId).Order(StringComparer.Ordinal));
        Assert.All(audits, a => Assert.Equal("completed", a.Outcome));
    }
}
