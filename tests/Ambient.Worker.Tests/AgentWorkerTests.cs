using System.Diagnostics;
using System.Text;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Checkpoints;
using Ambient.Kafka.Consumers;
using Ambient.Runtime.Runs;
using Ambient.Testing;
using Confluent.Kafka;

namespace Ambient.Worker.Tests;

/// <summary>The worker end to end: real host, real broker over TCP, real CloudEvents, shipped agents.</summary>
public sealed class AgentWorkerTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GitHubTriage_SampleIssueOpened_ProposesLabelsCommentAndPullRequestPlan()
    {
        var payload = TestEvents.IssueOpenedPayload();
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        await harness.StartWorkerAsync();
        var issue = TestEvents.IssueOpened(payload);

        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "github:Codertocat/Hello-World#1", issue);
        var actions = await TopicReader.ReadAsync(kafka, harness.Topics.Actions, 3, Cancellation);
        var audit = (await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1, Cancellation)).Single();

        var records = actions.Select(a => AmbientRecordReader.Action(a.Message.Value)).OrderBy(a => a.Id, StringComparer.Ordinal).ToList();
        var runId = records[0].RunId;
        Assert.Equal([$"{runId}/2/0", $"{runId}/2/1", $"{runId}/2/2"], records.Select(a => a.Id));
        Assert.Equal(["add_labels", "comment", "propose_pull_request_plan"], records.Select(a => a.Operation));
        Assert.All(actions, a => Assert.Equal("github", Header(a, RecordFactory.ActionTargetHeader)));
        Assert.All(actions, a => Assert.Equal("github:Codertocat/Hello-World#1", a.Message.Key));
        Assert.Equal("""{"repository":"Codertocat/Hello-World","issueNumber":1,"labels":["documentation","good first issue"]}""", records[0].Arguments.GetRawText());
        Assert.Contains("Thanks @Codertocat", records[1].Arguments.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.True(records[2].Arguments.GetProperty("draft").GetBoolean());
        Assert.All(records, r => Assert.Equal((issue.Id, harness.AgentName("github-triage")), (r.EventId, r.Agent)));

        var decision = AmbientRecordReader.Audit(audit.Message.Value);
        Assert.Equal((RunOutcomes.Completed, runId, "offline"), (decision.Outcome, decision.RunId, decision.Model));
        Assert.Equal(records.Select(r => r.Id), decision.ActionIds);
        Assert.StartsWith("Triaged Codertocat/Hello-World#1 as a documentation fix", decision.ReasoningSummary, StringComparison.Ordinal);
        Assert.True(decision.InputTokens > 0 && decision.OutputTokens > 0);

        // Every step is checkpointed; the head only when the run's status changes: it succeeded (a run is running from its first step).
        var checkpoints = await Eventually.ReadAsync(
            () => CheckpointReader.ReadAll(kafka, harness.Topics.Checkpoints).Where(r => r.Key == runId || r.Key.StartsWith(runId + "/", StringComparison.Ordinal)).ToList(),
            records => records.Any(r => r.Head?.Status == CheckpointStatus.Succeeded), Cancellation);
        Assert.Equal(["perceive", "reason", "act", "reason", "finish"], checkpoints.Where(r => r.Step is not null).Select(r => r.Step!.StepName));
        Assert.Equal([(CheckpointStatus.Succeeded, 4)], checkpoints.Where(r => r.Head is not null).Select(r => (r.Head!.Status, r.Head.HeadStep)));
    }

    [Fact]
    public async Task Worker_EventsOfOneEntity_ActedOnInOrder()
    {
        var payload = TestEvents.IssueOpenedPayload();
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        await harness.StartWorkerAsync();
        var events = Enumerable.Range(1, 12).Select(n => TestEvents.IssueOpened(payload.Replace("\"number\": 1,", $"\"number\": {n},", StringComparison.Ordinal))).ToArray();

        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "github:Codertocat/Hello-World", events);
        var audits = await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 12, Cancellation);

        Assert.Equal(events.Select(e => e.Id), audits.Select(a => AmbientRecordReader.Audit(a.Message.Value).EventId));
    }

    [Fact]
    public async Task TwoWorkers_OneGroup_SplitPartitionsAndProcessEveryEventOnce()
    {
        var payload = TestEvents.IssueOpenedPayload();
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        await harness.StartWorkerAsync();
        await harness.StartWorkerAsync();
        using var admin = kafka.AdminClient();
        var group = $"ambient-agent-{harness.AgentName("github-triage")}";
        await Eventually.UntilAsync(() => admin.DescribeConsumerGroupsAsync([group]).GetAwaiter().GetResult()
            .ConsumerGroupDescriptions.Single() is { State: ConsumerGroupState.Stable, Members.Count: 2 } description
            && description.Members.All(m => m.Assignment.TopicPartitions.Count > 0), Cancellation);
        var events = Enumerable.Range(1, 30).Select(_ => TestEvents.IssueOpened(payload)).ToArray();

        foreach (var (input, index) in events.Select((e, i) => (e, i)))
        {
            await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, $"github:Codertocat/Hello-World#{index}", input);
        }

        var audits = await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 30, Cancellation);
        await Task.Delay(500, Cancellation);

        Assert.Equal(events.Select(e => e.Id).Order(), audits.Select(a => AmbientRecordReader.Audit(a.Message.Value).EventId).Order());
        Assert.Equal(30, TopicReader.CountAfterQuiet(kafka, harness.Topics.Audit));
    }

    [Fact]
    public async Task PoisonRecord_DeadLetteredWithErrorHeadersAndPartitionMovesOn()
    {
        var payload = TestEvents.IssueOpenedPayload();
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        await harness.StartWorkerAsync();
        using (var producer = new ProducerBuilder<string?, byte[]>(kafka.ProducerConfig()).Build())
        {
            await producer.ProduceAsync(harness.Topics.GitHubEvents, new Message<string?, byte[]> { Key = "same", Value = "{not a cloud event"u8.ToArray() }, Cancellation);
        }

        var good = TestEvents.IssueOpened(payload);
        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "same", good);
        var dead = (await TopicReader.ReadAsync(kafka, harness.Topics.DeadLetter, 1, Cancellation)).Single();
        var audit = (await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1, Cancellation)).Single();

        Assert.Equal("{not a cloud event", Encoding.UTF8.GetString(dead.Message.Value));
        Assert.Equal(harness.AgentName("github-triage"), Header(dead, DeadLetters.AgentHeader));
        Assert.Equal("Ambient.Kafka.CloudEvents.CloudEventFormatException", Header(dead, DeadLetters.ExceptionTypeHeader));
        Assert.Equal((harness.Topics.GitHubEvents, "0"), (Header(dead, DeadLetters.TopicHeader), Header(dead, DeadLetters.OffsetHeader)));
        Assert.False(string.IsNullOrEmpty(Header(dead, DeadLetters.ExceptionMessageHeader)));
        Assert.Equal(good.Id, AmbientRecordReader.Audit(audit.Message.Value).EventId);
    }

    [Fact]
    public async Task Budget_Spent_EventsAreDeferredNotDroppedAndRunOnceBudgetSetRaisesIt()
    {
        var payload = TestEvents.IssueOpenedPayload();
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        using var publisher = new Ambient.Kafka.Producers.KafkaRecordPublisher(
            Microsoft.Extensions.Options.Options.Create(new Ambient.Kafka.Configuration.AmbientKafkaOptions { BootstrapServers = kafka.BootstrapServers }),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Ambient.Kafka.Producers.KafkaRecordPublisher>.Instance);
        var budgets = new Ambient.Governance.Budgets.BudgetWriter(publisher, harness.Topics.BudgetRequests);
        // As `ambient budget set --tokens-per-day 1`: less than one call's worst case, so nothing may be reasoned about.
        await budgets.SetAsync(harness.AgentName("github-triage"), new Ambient.Governance.Budgets.BudgetLimits(TokensPerDay: 1), "tester", Cancellation);
        await harness.StartWorkerAsync(new Dictionary<string, string?> { ["Ambient:Budgets:Shared"] = "true" });
        var first = TestEvents.IssueOpened(payload);
        var second = TestEvents.IssueOpened(payload);

        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "one-key", first, second);
        await Eventually.UntilAsync(() => CheckpointReader.ReadAll(kafka, harness.Topics.Checkpoints).Any(r => r.Step?.Input.EventId == first.Id), Cancellation);
        // Deferred: after a quiet moment nothing has a decision (a spent budget is a state, so this is no timing claim).
        var auditedWhileSpent = TopicReader.CountAfterQuiet(kafka, harness.Topics.Audit);
        await budgets.SetAsync(harness.AgentName("github-triage"), new Ambient.Governance.Budgets.BudgetLimits(TokensPerDay: 10_000_000), "tester", Cancellation);
        var audits = (await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 2, Cancellation)).Select(a => AmbientRecordReader.Audit(a.Message.Value)).ToList();

        Assert.Equal(0, auditedWhileSpent);
        Assert.Equal([RunOutcomes.Completed, RunOutcomes.Completed], audits.Select(a => a.Outcome));
        Assert.Equal([first.Id, second.Id], audits.Select(a => a.EventId));
        Assert.All(audits, a => Assert.True(a.InputTokens > 0));
        Assert.Equal(6, TopicReader.CountAfterQuiet(kafka, harness.Topics.Actions));
    }

    [Fact]
    public async Task ToolNotAllowed_RefusedAndAudited()
    {
        var payload = TestEvents.IssueOpenedPayload();
        var (file, yaml) = WorkerHarness.SampleAgent("github-triage");
        var restricted = yaml.Replace("tools: [github.search_issues, github.add_labels, github.comment, github.propose_pull_request_plan]", "tools: [github.search_issues, github.add_labels]", StringComparison.Ordinal);
        await using var harness = await WorkerHarness.CreateAsync(kafka, (file, restricted));
        await harness.StartWorkerAsync();

        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "k", TestEvents.IssueOpened(payload));
        var audit = AmbientRecordReader.Audit((await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1, Cancellation)).Single().Message.Value);

        Assert.Equal(["github.comment", "github.propose_pull_request_plan"], audit.RefusedTools);
        Assert.Single(audit.ActionIds);
        Assert.Equal(1, TopicReader.CountAfterQuiet(kafka, harness.Topics.Actions));
    }

    [Fact]
    public async Task TraceContext_FromPublisher_ReachesActionHeaders()
    {
        var payload = TestEvents.IssueOpenedPayload();
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        await harness.StartWorkerAsync();
        var publisherSpan = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);

        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "k", publisherSpan, TestEvents.IssueOpened(payload));
        var actions = await TopicReader.ReadAsync(kafka, harness.Topics.Actions, 3, Cancellation);

        Assert.All(actions, action =>
        {
            var traceparent = Header(action, "traceparent");
            Assert.StartsWith($"00-{publisherSpan.TraceId}-", traceparent, StringComparison.Ordinal);
            Assert.DoesNotContain(publisherSpan.SpanId.ToString(), traceparent, StringComparison.Ordinal);
        });
    }

    private static string? Header(ConsumeResult<string?, byte[]> record, string name) =>
        record.Message.Headers.TryGetLastBytes(name, out var value) ? Encoding.UTF8.GetString(value) : null;
}
