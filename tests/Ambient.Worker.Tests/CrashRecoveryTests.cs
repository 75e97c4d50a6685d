using Ambient.Abstractions.Checkpoints;
using Ambient.Testing;

namespace Ambient.Worker.Tests;

/// <summary>
/// The crash-injection harness: a worker process is killed (SIGKILL, no cleanup) right after one of its
/// checkpoints, a new worker process takes over, and every event must end with each action id written
/// exactly once, one audit record, and no step executed twice.
/// </summary>
public sealed class CrashRecoveryTests(KafkaFixture kafka)
{
    private const int Events = 3;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>The step boundaries of one github-triage run: after perceive, reason, act, reason (the summary) and finish.</summary>
    public static TheoryData<int, string> Boundaries => new()
    {
        { 1, "perceive" },
        { 2, "reason" },
        { 3, "act" },
        { 4, "reason (summary)" },
        { 5, "finish" },
    };

    [Theory]
    [MemberData(nameof(Boundaries))]
    public async Task Worker_KilledAtStepBoundary_SuccessorCompletesEveryRunWithEachActionOnce(int checkpoint, string boundary)
    {
        var payload = TestEvents.IssueOpenedPayload();
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        var events = Enumerable.Range(1, Events)
            .Select(n => TestEvents.IssueOpened(payload.Replace("\"number\": 1,", $"\"number\": {n},", StringComparison.Ordinal)))
            .ToArray();
        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "github:Codertocat/Hello-World", events);

        using (var doomed = WorkerProcess.Start(harness, new Dictionary<string, string> { ["Ambient:Checkpoints:KillAfterCheckpoints"] = $"{checkpoint}" }))
        {
            await doomed.WaitForExitAsync(TimeSpan.FromSeconds(90));
            Assert.True(doomed.Output.Contains("fault injection", StringComparison.Ordinal), $"The worker exited without being killed after {boundary}:\n{doomed.Output}");
            Assert.Equal(checkpoint, CheckpointReader.ReadAll(kafka, harness.Topics.Checkpoints).Count(r => r.Step is not null));
        }

        using var successor = WorkerProcess.Start(harness);
        await TopicReader.ReadAsync(kafka, harness.Topics.Audit, Events, Cancellation);
        await successor.StopAsync();

        var actions = (await TopicReader.ReadAsync(kafka, harness.Topics.Actions, Events * 3, Cancellation))
            .Select(a => AmbientRecordReader.Action(a.Message.Value)).ToList();
        Assert.Equal(Events * 3, TopicReader.CountAfterQuiet(kafka, harness.Topics.Actions));
        Assert.Equal(Events * 3, actions.Select(a => a.Id).Distinct().Count());
        Assert.Equal(Events, TopicReader.CountAfterQuiet(kafka, harness.Topics.Audit));
        var audits = (await TopicReader.ReadAsync(kafka, harness.Topics.Audit, Events, Cancellation)).Select(a => AmbientRecordReader.Audit(a.Message.Value)).ToList();
        Assert.Equal(events.Select(e => e.Id), audits.Select(a => a.EventId));
        Assert.All(audits, a => Assert.Equal(3, a.ActionIds.Count));

        // Resumed, not restarted: no step of any run was checkpointed twice, and every run ended in one finish.
        var checkpoints = CheckpointReader.ReadAll(kafka, harness.Topics.Checkpoints);
        var steps = checkpoints.Where(c => c.Step is not null).ToList();
        Assert.All(steps.GroupBy(s => s.Key), g => Assert.Single(g));
        Assert.Equal(Events * 5, steps.Count);
        Assert.Equal(Events, steps.Count(s => s.Step!.StepName == StepNames.Finish && s.Step.Status == CheckpointStatus.Succeeded));
    }
}
