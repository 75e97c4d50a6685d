using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Runs;
using Ambient.Kafka.Reading;
using Ambient.Runtime.Replays;
using Ambient.Runtime.Runs;
using Ambient.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Ambient.Worker.Topics;

namespace Ambient.Worker.Tests;

/// <summary>Replays of real runs from the checkpoints topic: recorded (determinism check), live (diff report), shadow.</summary>
public sealed class ReplayTests(KafkaFixture kafka)
{
    private const int Events = 3;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RecordedShadowReplay_ReproducesEveryActionByteForByte_AndNeverWritesToTheLiveTopic()
    {
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        var worker = await RunOriginalsAsync(harness);
        var live = ActionArguments(await TopicReader.ReadAsync(kafka, harness.Topics.Actions, Events * 3, Cancellation));

        var report = await ReplayAsync(worker, harness, Runner(worker, harness), ReplayMode.Recorded, ReplayOutput.Shadow);

        Assert.Equal(Events, report.Runs.Count);
        Assert.Null(report.FirstDivergence);
        Assert.All(report.Runs, r => Assert.True(r.HadRecording && r.OriginalActions == 3 && r.ReplayActions == 3));
        var shadow = ActionArguments(await TopicReader.ReadAsync(kafka, harness.Topics.ShadowActions, Events * 3, Cancellation));
        Assert.Equal(live, shadow);
        Assert.Equal(Events * 3, TopicReader.CountAfterQuiet(kafka, harness.Topics.Actions));
        var replays = CheckpointReader.ReadAll(kafka, harness.Topics.Checkpoints).Where(c => c.Head?.ReplayOf is not null).Select(c => c.Head!).ToList();
        Assert.Equal(report.Runs.Select(r => r.OriginalRunId).Order(), replays.Where(h => h.Status == CheckpointStatus.Succeeded).Select(h => h.ReplayOf!).Order());
    }

    [Fact]
    public async Task RecordedReplay_AgentNoLongerAllowedATool_ReportsTheFirstDivergence()
    {
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        var worker = await RunOriginalsAsync(harness);
        var changed = Runner(worker, harness, yaml => yaml.Replace("tools: [github.search_issues, github.add_labels, github.comment,", "tools: [github.search_issues, github.add_labels,", StringComparison.Ordinal));

        var report = await ReplayAsync(worker, harness, changed, ReplayMode.Recorded, ReplayOutput.Shadow);

        Assert.Equal(Events, report.Diverged.Count);
        Assert.Contains("action 2 differs: original github comment", report.FirstDivergence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LiveReplay_ChangedPrompt_DiffReportListsTheChangedActions()
    {
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        var worker = await RunOriginalsAsync(harness);
        var changed = Runner(worker, harness, yaml => yaml.Replace("labels: [documentation, good first issue]", "labels: [documentation]", StringComparison.Ordinal));

        var report = await ReplayAsync(worker, harness, changed, ReplayMode.Live, ReplayOutput.Live);

        Assert.Equal(Events, report.Diverged.Count);
        // Every event is issue #1 of the sample payload, so each run shows the same difference.
        Assert.All(report.Diverged, r => Assert.Equal(
            ["""action 1 differs: original github add_labels {"repository":"Codertocat/Hello-World","issueNumber":1,"labels":["documentation","good first issue"]}, replay github add_labels {"repository":"Codertocat/Hello-World","issueNumber":1,"labels":["documentation"]}"""],
            r.Differences));
        Assert.Equal(Events * 6, TopicReader.CountAfterQuiet(kafka, harness.Topics.Actions));
    }

    [Fact]
    public async Task RecordedReplay_WindowCheckpointedUnderPositionalRunIds_FindsAndReproducesTheOriginalRuns()
    {
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        var worker = await RunOriginalsAsync(harness);
        var agent = harness.AgentName("github-triage");
        var positional = new List<string>();
        foreach (var run in CheckpointReader.ReadAll(kafka, harness.Topics.Checkpoints).GroupBy(r => CheckpointKeys.Parse(r.Key).RunId))
        {
            // The run as a worker from before run ids were the event's identity wrote it: keyed by the event's position.
            var input = run.Select(r => r.Step?.Input ?? r.Head!.Input).First();
            positional.Add(RunId.ForPosition(agent, new EventCoordinates(input.Topic, input.Partition, input.Offset)).Value);
            await CheckpointReader.RekeyAsync(kafka, harness.Topics.Checkpoints, [.. run.Select(r => (r.Step, r.Head))], positional[^1]);
        }

        var report = await ReplayAsync(worker, harness, Runner(worker, harness), ReplayMode.Recorded, ReplayOutput.Shadow);

        Assert.Equal(positional.Order(), report.Runs.Select(r => r.OriginalRunId).Order());
        Assert.All(report.Runs, r => Assert.True(r.HadRecording && r.OriginalActions == 3 && r.ReplayActions == 3));
        Assert.Null(report.FirstDivergence);
    }

    private async Task<IHost> RunOriginalsAsync(WorkerHarness harness)
    {
        var payload = TestEvents.IssueOpenedPayload();
        var worker = await harness.StartWorkerAsync();
        var events = Enumerable.Range(0, Events).Select(_ => TestEvents.IssueOpened(payload)).ToArray();
        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "github:Codertocat/Hello-World#1", events);
        await TopicReader.ReadAsync(kafka, harness.Topics.Audit, Events, Cancellation);
        return worker;
    }

    private static async Task<ReplayReport> ReplayAsync(IHost worker, WorkerHarness harness, AgentRunner runner, ReplayMode mode, ReplayOutput output)
    {
        var reader = new EventReader(worker.Services.GetRequiredService<IOptions<Kafka.Configuration.AmbientKafkaOptions>>());
        var events = reader.ReadRange(runner.Topics, null, new EventPosition(0, null), null, Cancellation);
        var report = await new ReplayRunner(runner, harness.Topics.ForRuns()).ReplayAsync(events, mode, output, $"replay-{Guid.NewGuid():N}"[..20], Cancellation);
        // Runs go concurrently, yet the report lists them in the window's order.
        Assert.Equal(events.Select(e => e.Event.Id), report.Runs.Select(r => r.EventId));
        return report;
    }

    /// <summary>A runner for the harness's github-triage, optionally from an edited agent file (a prompt or allow-list fix).</summary>
    private static AgentRunner Runner(IHost worker, WorkerHarness harness, Func<string, string>? edit = null) => harness.Runner(worker, "github-triage.yaml", edit);

    private static List<string> ActionArguments(IEnumerable<Confluent.Kafka.ConsumeResult<string?, byte[]>> records) =>
        [.. records.Select(r => AmbientRecordReader.Action(r.Message.Value)).OrderBy(a => a.EventId, StringComparer.Ordinal).ThenBy(a => a.Id.Split('/')[^1], StringComparer.Ordinal)
            .Select(a => $"{a.EventId} {a.Target} {a.Operation} {a.Arguments.GetRawText()}")];
}
