using System.Text;
using Ambient.Abstractions.A2a;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Events;
using Ambient.Avro.Serialization;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Reading;
using Ambient.Runtime.Replays;
using Ambient.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Ambient.A2a;
using Ambient.Worker.Topics;

namespace Ambient.Worker.Tests;

/// <summary>
/// A2A between agents on the broker: a run delegates with <c>a2a.delegate</c>, parks at a checkpointed
/// <c>delegate</c> step, and goes on when the other agent's worker answers on the replies topic, or at its deadline.
/// </summary>
public sealed class DelegationTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Delegate_ClusterQuestionInSlack_IncidentResponderAnswersAndTheParkedRunFinishes()
    {
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("slack-helper"), WorkerHarness.SampleAgent("incident-responder"));
        await harness.StartWorkerAsync();

        await TestEvents.PublishAsync(kafka, harness.Topics.SlackEvents, "slack:T1/C2", TestEvents.SlackMention("the checkout pod is crash looping again"));

        // Two runs: the incident responder's for the task, then the slack helper's, resumed by the answer.
        var audits = (await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 2, Cancellation)).Select(r => AmbientRecordReader.Audit(r.Message.Value)).ToList();
        var asker = audits.Single(a => a.Agent == harness.AgentName("slack-helper"));
        var server = audits.Single(a => a.Agent == harness.AgentName("incident-responder"));
        Assert.Equal(RunOutcomes.Completed, asker.Outcome);
        Assert.Equal(RunOutcomes.Completed, server.Outcome);
        Assert.Equal(CloudEventTypes.A2aMessage, server.EventType);

        var chain = Chain(harness, asker.RunId);
        Assert.Equal([StepNames.Perceive, StepNames.Reason, StepNames.Act, StepNames.Delegate, StepNames.Reason, StepNames.Finish], chain.Select(s => s.StepName));
        var delegateStep = chain[3];
        Assert.Equal("1 of 1 delegated tasks completed", delegateStep.Note);
        var answered = delegateStep.State.Element.GetProperty("delegations")[0];
        Assert.Equal(A2aTaskStates.Completed, answered.GetProperty("state").GetString());
        Assert.StartsWith("Incident report opened for the question from " + harness.AgentName("slack-helper"), answered.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.Equal($"{asker.RunId}/2/1", answered.GetProperty("messageId").GetString());
        // The model saw the answer as the delegate call's result.
        Assert.Contains(delegateStep.State.Element.GetProperty("turns").EnumerateArray(),
            t => t.TryGetProperty("function", out var f) && f.GetString() == "delegate" && t.GetProperty("content").GetString()!.Contains("answered", StringComparison.Ordinal));

        // The server proposed its incident report; the replies are Avro, addressed to the asker's run.
        var actions = (await TopicReader.ReadAsync(kafka, harness.Topics.Actions, 2, Cancellation)).Select(r => AmbientRecordReader.Action(r.Message.Value)).ToList();
        Assert.Contains(actions, a => a.RunId == server.RunId && a.Operation == "incident_report"
            && a.Arguments.GetProperty("title").GetString()!.EndsWith("the checkout pod is crash looping again", StringComparison.Ordinal));
        using var avro = AvroServices();
        var statuses = avro.GetRequiredService<AvroRecordCodec<A2aTaskStatusUpdate>>();
        var replies = await TopicReader.ReadAsync(kafka, harness.Topics.A2aReplies, 4, Cancellation);
        Assert.All(replies, r => Assert.Equal(asker.RunId, r.Message.Key));
        Assert.All(replies, r => Assert.Equal(harness.AgentName("slack-helper"), Header(r.Message.Headers, A2aKafka.AgentHeader)));
        Assert.Equal([A2aKafka.Wait, A2aKafka.StatusUpdate, A2aKafka.ArtifactUpdate, A2aKafka.StatusUpdate], replies.OrderBy(r => r.Offset.Value).Select(r => Header(r.Message.Headers, A2aKafka.EventHeader)));
        var states = replies.Where(r => Header(r.Message.Headers, A2aKafka.EventHeader) == A2aKafka.StatusUpdate).OrderBy(r => r.Offset.Value)
            .Select(r => statuses.Decode(r.Message.Value).Status.State);
        Assert.Equal([A2aTaskStates.Working, A2aTaskStates.Completed], states);

        // The task's snapshots, for tasks/get: the latest is the completed task with its result.
        var snapshots = (await TopicReader.ReadAsync(kafka, harness.Topics.A2aTasks, 2, Cancellation)).OrderBy(r => r.Offset.Value).ToList();
        var task = avro.GetRequiredService<AvroRecordCodec<A2aTask>>().Decode(snapshots[^1].Message.Value);
        Assert.Equal(answered.GetProperty("taskId").GetString(), snapshots[^1].Message.Key);
        Assert.Equal(A2aTaskStates.Completed, task.Status.State);
        Assert.Equal(server.RunId, task.Artifacts.Single().ArtifactId);
    }

    [Fact]
    public async Task RecordedReplay_OfADelegatingRun_AnswersFromTheRecordWithoutAskingAgain()
    {
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("slack-helper"), WorkerHarness.SampleAgent("incident-responder"));
        var worker = await harness.StartWorkerAsync();
        await TestEvents.PublishAsync(kafka, harness.Topics.SlackEvents, "slack:T1/C2", TestEvents.SlackMention("is the checkout pod down?"));
        await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 2, Cancellation);
        var inbox = harness.Topics.A2aInbox(harness.AgentName("incident-responder"));
        var requestsBefore = TopicReader.CountAfterQuiet(kafka, inbox);

        var runner = harness.Runner(worker, "slack-helper.yaml");
        var events = new EventReader(worker.Services.GetRequiredService<IOptions<AmbientKafkaOptions>>())
            .ReadRange(runner.Topics, null, new EventPosition(0, null), null, Cancellation);
        var report = await new ReplayRunner(runner, harness.Topics.ForRuns()).ReplayAsync(events, ReplayMode.Recorded, ReplayOutput.Shadow, "replay-a2a", Cancellation);

        var replayed = report.Runs.Single();
        Assert.Null(report.FirstDivergence);
        Assert.Equal(1, replayed.ReplayActions);
        Assert.Equal(requestsBefore, TopicReader.CountAfterQuiet(kafka, inbox));
        var delegateStep = Chain(harness, replayed.ReplayRunId).Single(s => s.StepName == StepNames.Delegate);
        Assert.Equal("1 of 1 delegated tasks completed (recorded answers)", delegateStep.Note);
    }

    [Fact]
    public async Task Delegate_WorkerStopsWhileParked_AnotherWorkerResumesTheRunWhenTheAnswerComes()
    {
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("slack-helper"), WorkerHarness.SampleAgent("incident-responder"));
        var first = await harness.StartWorkerAsync(new Dictionary<string, string?> { ["Ambient:Worker:Agents:0"] = harness.AgentName("slack-helper") });
        await TestEvents.PublishAsync(kafka, harness.Topics.SlackEvents, "slack:T1/C2", TestEvents.SlackMention("pods are crash looping in shop"));
        await Eventually.UntilAsync(() => CheckpointReader.ReadAll(kafka, harness.Topics.Checkpoints)
            .Any(r => r.Step is { StepName: StepNames.Delegate, Status: CheckpointStatus.Waiting }), Cancellation);

        // The asker's worker goes away with the run parked; the responder and a new asker worker start.
        await first.StopAsync(Cancellation);
        await harness.StartWorkerAsync();

        var audits = (await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 2, Cancellation)).Select(r => AmbientRecordReader.Audit(r.Message.Value)).ToList();
        var asker = audits.Single(a => a.Agent == harness.AgentName("slack-helper"));
        Assert.Equal(RunOutcomes.Completed, asker.Outcome);
        Assert.Equal("1 of 1 delegated tasks completed", Chain(harness, asker.RunId).Single(s => s.StepName == StepNames.Delegate).Note);
        Assert.Equal(2, TopicReader.CountAfterQuiet(kafka, harness.Topics.Audit));
    }

    [Fact]
    public async Task Delegate_FanOutToTwoAgents_JoinsBothAnswersBeforeGoingOn()
    {
        await using var harness = await WorkerHarness.CreateAsync(kafka, Asker(timeoutSeconds: 120),
            WorkerHarness.SampleAgent("incident-responder"), WorkerHarness.SampleAgent("github-triage"));
        await harness.StartWorkerAsync();

        await TestEvents.PublishAsync(kafka, harness.Topics.SlackEvents, "slack:T1/C2", TestEvents.SlackMention("is anything broken?"));

        var audits = (await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 3, Cancellation)).Select(r => AmbientRecordReader.Audit(r.Message.Value)).ToList();
        var asker = audits.Single(a => a.Agent == harness.AgentName("asker"));
        Assert.Equal(RunOutcomes.Completed, asker.Outcome);
        var delegateStep = Chain(harness, asker.RunId).Single(s => s.StepName == StepNames.Delegate);
        Assert.Equal("2 of 2 delegated tasks completed", delegateStep.Note);
        Assert.Equal([harness.AgentName("incident-responder"), harness.AgentName("github-triage")],
            delegateStep.State.Element.GetProperty("delegations").EnumerateArray().Select(d => d.GetProperty("agent").GetString()));
        Assert.Equal(3, TopicReader.CountAfterQuiet(kafka, harness.Topics.Audit));
    }

    [Fact]
    public async Task Delegate_ToAnAgentNobodyRuns_TimesOutAtTheDeadlineAndTheRunGoesOn()
    {
        await using var harness = await WorkerHarness.CreateAsync(kafka, Asker(timeoutSeconds: 1),
            WorkerHarness.SampleAgent("incident-responder"), WorkerHarness.SampleAgent("github-triage"));
        await harness.StartWorkerAsync(new Dictionary<string, string?> { ["Ambient:Worker:Agents:0"] = harness.AgentName("asker") });

        await TestEvents.PublishAsync(kafka, harness.Topics.SlackEvents, "slack:T1/C2", TestEvents.SlackMention("anyone there?"));

        var audit = AmbientRecordReader.Audit((await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1, Cancellation)).Single().Message.Value);
        Assert.Equal(RunOutcomes.Completed, audit.Outcome);
        var delegateStep = Chain(harness, audit.RunId).Single(s => s.StepName == StepNames.Delegate);
        Assert.Equal("0 of 2 delegated tasks completed", delegateStep.Note);
        Assert.All(delegateStep.State.Element.GetProperty("delegations").EnumerateArray(), d => Assert.Equal("timed-out", d.GetProperty("state").GetString()));
        // The requests are on the inboxes, for whoever starts later: nothing was lost.
        var requests = await TopicReader.ReadAsync(kafka, harness.Topics.A2aInbox(harness.AgentName("incident-responder")), 1, Cancellation);
        using var avro = AvroServices();
        var message = avro.GetRequiredService<AvroRecordCodec<A2aMessage>>().Decode(requests.Single().Message.Value);
        Assert.Equal("anyone there?", message.Text);
        Assert.Equal("slack:T1/C2", requests.Single().Message.Key);
    }

    [Fact]
    public async Task AgentCards_PublishedAtStart_ReadableFromTheCompactedTopic()
    {
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("slack-helper"), WorkerHarness.SampleAgent("incident-responder"));
        await harness.StartWorkerAsync();

        var records = await TopicReader.ReadAsync(kafka, harness.Topics.A2aCards, 2, Cancellation);
        using var avro = AvroServices();
        var cards = records.Select(r => (r.Message.Key, Card: avro.GetRequiredService<AvroRecordCodec<A2aAgentCard>>().Decode(r.Message.Value))).ToList();

        var responder = cards.Single(c => c.Key == harness.AgentName("incident-responder")).Card;
        Assert.Equal(harness.AgentName("incident-responder"), responder.Name);
        Assert.Equal(A2aKafka.BindingUri, responder.Interfaces.Single().ProtocolBinding);
        Assert.EndsWith("/" + harness.Topics.A2aInbox(harness.AgentName("incident-responder")), responder.Interfaces.Single().Url, StringComparison.Ordinal);
        Assert.Contains("io.k8s.event.*", responder.Skills.Single().Tags);
        Assert.True(responder.Streaming);
    }

    [Fact]
    public async Task Request_ResentAfterItsTaskFinished_AnsweredAgainFromTheCheckpointsWithoutANewRun()
    {
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("slack-helper"), WorkerHarness.SampleAgent("incident-responder"));
        await harness.StartWorkerAsync();
        await TestEvents.PublishAsync(kafka, harness.Topics.SlackEvents, "slack:T1/C2", TestEvents.SlackMention("the checkout pod is crash looping again"));
        await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 2, Cancellation);
        var inbox = harness.Topics.A2aInbox(harness.AgentName("incident-responder"));
        var request = (await TopicReader.ReadAsync(kafka, inbox, 1, Cancellation)).Single();
        using var avro = AvroServices();
        var statuses = avro.GetRequiredService<AvroRecordCodec<A2aTaskStatusUpdate>>();
        string? LastAnswer(IEnumerable<Confluent.Kafka.ConsumeResult<string?, byte[]>> replies) => replies
            .Where(r => Header(r.Message.Headers, A2aKafka.EventHeader) == A2aKafka.StatusUpdate).OrderBy(r => r.Offset.Value)
            .Select(r => statuses.Decode(r.Message.Value).Status).Last(s => s.State == A2aTaskStates.Completed).Message!.Parts.Single().Text;
        var first = LastAnswer(await TopicReader.ReadAsync(kafka, harness.Topics.A2aReplies, 4, Cancellation));
        var actions = TopicReader.CountAfterQuiet(kafka, harness.Topics.Actions);

        // The worker keeps a finished run without its conversation, so the answer comes back from the checkpoints topic.
        using var producer = new Confluent.Kafka.ProducerBuilder<string?, byte[]>(kafka.ProducerConfig()).Build();
        await producer.ProduceAsync(inbox, new Confluent.Kafka.Message<string?, byte[]> { Key = request.Message.Key, Value = request.Message.Value, Headers = request.Message.Headers }, Cancellation);

        var replies = await TopicReader.ReadAsync(kafka, harness.Topics.A2aReplies, 6, Cancellation);
        Assert.StartsWith("Incident report opened for the question from", first, StringComparison.Ordinal);
        Assert.Equal(first, LastAnswer(replies.OrderBy(r => r.Offset.Value).Skip(4)));
        Assert.Equal(2, TopicReader.CountAfterQuiet(kafka, harness.Topics.Audit));
        Assert.Equal(actions, TopicReader.CountAfterQuiet(kafka, harness.Topics.Actions));
    }

    [Fact]
    public async Task InboxRecord_NotAvro_GoesToTheDeadLetterTopicAndTheInboxMovesOn()
    {
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("incident-responder"));
        await harness.StartWorkerAsync();
        var inbox = harness.Topics.A2aInbox(harness.AgentName("incident-responder"));
        using var producer = new Confluent.Kafka.ProducerBuilder<string?, byte[]>(kafka.ProducerConfig()).Build();

        await producer.ProduceAsync(inbox, new Confluent.Kafka.Message<string?, byte[]> { Key = "ctx", Value = [0xC3, 0x01, 1, 2, 3] }, Cancellation);

        var letter = (await TopicReader.ReadAsync(kafka, harness.Topics.DeadLetter, 1, Cancellation)).Single();
        Assert.Equal(inbox, Header(letter.Message.Headers, "ambient-dlq-original-topic"));
        Assert.Equal([0xC3, 0x01, 1, 2, 3], letter.Message.Value);
    }

    private static (string File, string Yaml) Asker(int timeoutSeconds) => ("asker.yaml", $$$"""
        name: asker
        owner: team-test
        description: Asks two agents at once.
        subscriptions:
          - topic: slack
            types: [com.slack.app_mention]
        model:
          provider: offline
        systemPrompt: Ask the others.
        tools: [a2a.delegate]
        limits:
          delegateTimeoutSeconds: {{{timeoutSeconds}}}
        offline:
          rules:
            - name: ask-both
              when:
                types: [com.slack.app_mention]
              calls:
                - tool: a2a.delegate
                  arguments:
                    agent: incident-responder
                    message: "{{ $.event.text }}"
                - tool: a2a.delegate
                  arguments:
                    agent: github-triage
                    message: "{{ $.event.text }}"
              reply: "Asked both."
        """);

    private static List<Checkpoint> Chain(WorkerHarness harness, string runId)
    {
        var steps = CheckpointReader.ReadAll(kafka: harness.Kafka, harness.Topics.Checkpoints)
            .Where(r => r.Step?.RunId == runId).Select(r => r.Step!).GroupBy(s => s.StepIndex).Select(g => g.Last()).OrderBy(s => s.StepIndex).ToList();
        return steps;
    }

    private static string? Header(Confluent.Kafka.Headers headers, string name) =>
        headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;

    private static ServiceProvider AvroServices() =>
        new ServiceCollection().AddAmbientAvro(new ConfigurationBuilder().Build()).BuildServiceProvider();
}
