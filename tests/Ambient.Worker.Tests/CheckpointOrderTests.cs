using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Processing;
using Ambient.Runtime.Runs;
using Ambient.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Ambient.Worker.Tests;

/// <summary>
/// A run hands its steps to the checkpoints topic without waiting for each acknowledgement, and waits for them
/// before anything that depends on them leaves the process. The real Kafka log and publisher do the writing; a
/// gate in front of the log holds acknowledgements back so the order is observed, not raced.
/// </summary>
public sealed class CheckpointOrderTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_StepsPipelined_ActionsAuditAndCompletionWaitForTheStepsTheyFollow()
    {
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        var (runner, log, timeline) = await StartAsync(harness);

        var run = runner.ProcessAsync(TestEvents.IssueOpened(TestEvents.IssueOpenedPayload()), new EventCoordinates(harness.Topics.GitHubEvents, 0, 0), Cancellation);

        // perceive and reason are both handed over while neither is acknowledged, and nothing is proposed meanwhile.
        await Eventually.UntilAsync(() => timeline.Count("handed") >= 2, Cancellation);
        await Task.Delay(200, Cancellation); // room for a step or an action that should not come
        Assert.Equal(2, timeline.Count("handed"));
        Assert.Equal(0, timeline.Count("acknowledged"));
        Assert.Equal(0, timeline.Count("published"));
        Assert.False(run.IsCompleted);

        log.Release();
        Assert.Equal(ProcessingResult.Completed, await run);

        var entries = timeline.Entries;
        Assert.Equal(["handed perceive", "handed reason"], entries.Take(2).Select(e => e.Text));
        int At(string text) => entries.FindIndex(e => e.Text == text);
        int Last(string prefix) => entries.FindLastIndex(e => e.Text.StartsWith(prefix, StringComparison.Ordinal));
        int First(string prefix) => entries.FindIndex(e => e.Text.StartsWith(prefix, StringComparison.Ordinal));

        // The model's reply is durable before its first action is proposed; every action before the act step is written.
        Assert.True(At("acknowledged reason") < First("published action"), Describe(entries));
        Assert.True(Last("acknowledged action") < At("handed act"), Describe(entries));
        // Every step the audit describes is durable before it is written; the finish step before the run returns.
        Assert.True(Last("acknowledged reason") < First("published audit") && At("acknowledged act") < First("published audit"), Describe(entries));
        Assert.True(First("acknowledged audit") < At("handed finish"), Describe(entries));
        Assert.Equal("acknowledged finish", entries[^1].Text);
        Assert.Equal(3, entries.Count(e => e.Text == "acknowledged action"));
    }

    [Fact]
    public async Task Run_CheckpointWriteFails_RunFailsAndItsRetryResumesFromTheLogNotFromMemory()
    {
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        var (runner, log, timeline) = await StartAsync(harness);
        log.FailStep = StepNames.Reason;
        log.Release();
        var input = TestEvents.IssueOpened(TestEvents.IssueOpenedPayload());
        var at = new EventCoordinates(harness.Topics.GitHubEvents, 0, 0);

        var failure = await Assert.ThrowsAsync<IOException>(() => runner.ProcessAsync(input, at, Cancellation));
        Assert.Contains("reason", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, timeline.Count("published"));

        // The failed step was applied in memory when it was handed over; the retry must not trust that.
        log.FailStep = null;
        Assert.Equal(ProcessingResult.Completed, await runner.ProcessAsync(input, at, Cancellation));
        var steps = CheckpointReader.ReadAll(kafka, harness.Topics.Checkpoints).Where(c => c.Step is not null).Select(c => c.Step!).ToList();
        Assert.Equal([StepNames.Perceive, StepNames.Reason, StepNames.Act, StepNames.Reason, StepNames.Finish], steps.Select(s => s.StepName));
        Assert.Equal([0, 1, 2, 3, 4], steps.Select(s => s.StepIndex));
        Assert.Equal(3, timeline.Count("acknowledged action"));
    }

    [Fact]
    public async Task Run_Finished_StoreKeepsItsLastStepWithoutTheConversationAndARedeliveryIsNotRunAgain()
    {
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        var (runner, log, timeline) = await StartAsync(harness);
        log.Release();
        var input = TestEvents.IssueOpened(TestEvents.IssueOpenedPayload());
        var at = new EventCoordinates(harness.Topics.GitHubEvents, 0, 0);

        Assert.Equal(ProcessingResult.Completed, await runner.ProcessAsync(input, at, Cancellation));
        var journal = await runner.Checkpoints.OpenForEventAsync(input, at, Cancellation);
        Assert.True(journal.IsFinished);
        Assert.Equal([(4, StepNames.Finish, System.Text.Json.JsonValueKind.Undefined)], journal.Steps.Select(s => (s.StepIndex, s.StepName, s.State.Element.ValueKind)));

        Assert.Equal(ProcessingResult.Completed, await runner.ProcessAsync(input, at, Cancellation));
        Assert.Equal(3, timeline.Count("published action"));
        Assert.Equal(1, timeline.Count("published audit"));
        Assert.Equal(5, CheckpointReader.ReadAll(kafka, harness.Topics.Checkpoints).Count(c => c.Step is not null));
    }

    [Fact]
    public async Task Run_SecondRecordOfTheEventWhileTheFirstIsInFlight_WaitsAndFindsTheRunFinished()
    {
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        var (runner, log, timeline) = await StartAsync(harness);
        var input = TestEvents.IssueOpened(TestEvents.IssueOpenedPayload());

        // The first record's run is held before its first action (its reason step is not acknowledged yet) when the copy,
        // under another key of the same partition (so not ordered behind it), comes in.
        var first = runner.ProcessAsync(input, new EventCoordinates(harness.Topics.GitHubEvents, 0, 0), Cancellation);
        await Eventually.UntilAsync(() => timeline.Count("handed") >= 2, Cancellation);
        var second = runner.ProcessAsync(input, new EventCoordinates(harness.Topics.GitHubEvents, 0, 1), Cancellation);
        log.Release();

        Assert.Equal([ProcessingResult.Completed, ProcessingResult.Completed], await Task.WhenAll(first, second));
        Assert.Equal(3, timeline.Count("published action"));
        Assert.Equal(1, timeline.Count("published audit"));
        var steps = CheckpointReader.ReadAll(kafka, harness.Topics.Checkpoints).Where(c => c.Step is not null).Select(c => c.Step!).ToList();
        Assert.Equal([0, 1, 2, 3, 4], steps.Select(s => s.StepIndex));
    }

    /// <summary>
    /// Starts the harness's worker and returns github-triage as it would run it, over the real log behind a gate (held
    /// until released) and the real publisher, both noting what they do on one timeline.
    /// </summary>
    private static async Task<(AgentRunner Runner, GatedCheckpointLog Log, Timeline Timeline)> StartAsync(WorkerHarness harness)
    {
        var worker = await harness.StartWorkerAsync();
        var timeline = new Timeline();
        var log = new GatedCheckpointLog(worker.Services.GetRequiredService<ICheckpointLog>(), timeline);
        var publisher = new RecordingPublisher(worker.Services.GetRequiredService<IRecordPublisher>(), timeline);
        return (harness.Runner(worker, "github-triage.yaml", log: log, publisher: publisher), log, timeline);
    }

    private static string Describe(List<(string Text, int Order)> entries) => string.Join(", ", entries.Select(e => e.Text));

    /// <summary>What happened, in the order it happened, from both wrappers.</summary>
    private sealed class Timeline
    {
        private readonly List<(string Text, int Order)> _entries = [];

        public List<(string Text, int Order)> Entries
        {
            get
            {
                lock (_entries)
                {
                    return [.. _entries];
                }
            }
        }

        public void Add(string text)
        {
            lock (_entries)
            {
                _entries.Add((text, _entries.Count));
            }
        }

        public int Count(string prefix) => Entries.Count(e => e.Text.StartsWith(prefix, StringComparison.Ordinal));
    }

    /// <summary>
    /// The real log, with acknowledgements held until <see cref="Release"/> and a step that can be made to fail (its
    /// records are not written, as when the broker refuses them).
    /// </summary>
    private sealed class GatedCheckpointLog(ICheckpointLog inner, Timeline timeline) : ICheckpointLog
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string? FailStep { get; set; }

        public string Topic => inner.Topic;

        public CheckpointCodec Codec => inner.Codec;

        public void Release() => _released.TrySetResult();

        public Task WriteAsync(int partition, IReadOnlyList<KeyValuePair<string, byte[]?>> records, CancellationToken cancellationToken)
        {
            var step = StepOf(records);
            timeline.Add($"handed {step}");
            var written = step == FailStep
                ? Task.FromException(new IOException($"Checkpoint of step {step} refused (test)."))
                : inner.WriteAsync(partition, records, cancellationToken);
            return AcknowledgeAsync(step, written);
        }

        public IAsyncEnumerable<CheckpointLogRecord> ReadAsync(int partition, CancellationToken cancellationToken) => inner.ReadAsync(partition, cancellationToken);

        public IAsyncEnumerable<CheckpointLogRecord> ReadFromAsync(int partition, long offset, CancellationToken cancellationToken) =>
            inner.ReadFromAsync(partition, offset, cancellationToken);

        public Task<int> PartitionCountAsync(CancellationToken cancellationToken) => inner.PartitionCountAsync(cancellationToken);

        public Task DeadLetterAsync(CheckpointLogRecord record, string reader, Exception failure, CancellationToken cancellationToken) =>
            inner.DeadLetterAsync(record, reader, failure, cancellationToken);

        private async Task AcknowledgeAsync(string step, Task written)
        {
            await _released.Task;
            await written;
            timeline.Add($"acknowledged {step}");
        }

        // A failed run's head is written on its own.
        private string StepOf(IReadOnlyList<KeyValuePair<string, byte[]?>> records) => CheckpointKeys.Parse(records[0].Key).StepIndex is null
            ? "head"
            : Codec.DecodeStepAsync(records[0].Value).AsTask().GetAwaiter().GetResult().StepName;
    }

    /// <summary>The real publisher, noting each action and audit record when it is handed over and when it is acknowledged.</summary>
    private sealed class RecordingPublisher(IRecordPublisher inner, Timeline timeline) : IRecordPublisher
    {
        public async Task PublishAsync(OutgoingRecord record, CancellationToken cancellationToken)
        {
            var kind = record.Topic.Contains("audit", StringComparison.Ordinal) ? "audit" : "action";
            timeline.Add($"published {kind}");
            await inner.PublishAsync(record, cancellationToken);
            timeline.Add($"acknowledged {kind}");
        }
    }
}
