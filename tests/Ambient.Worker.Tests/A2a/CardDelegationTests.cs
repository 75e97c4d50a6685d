using Ambient.Abstractions.A2a;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Events;
using Ambient.Testing;

namespace Ambient.Worker.Tests.A2a;

/// <summary>
/// Delegation between workers that each hold one agent file, as the operator deploys them: the asker knows the other
/// agent only by its Agent Card on the cards topic.
/// </summary>
public sealed class CardDelegationTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Delegate_ToAnAgentOnlyAnotherWorkerHasTheFileOf_ReachesItByItsCardAndGetsItsAnswer()
    {
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("slack-helper"), WorkerHarness.SampleAgent("incident-responder"));
        await harness.StartWorkerAsync(harness.OnlyAgentFile("incident-responder.yaml"));
        var card = (await TopicReader.ReadAsync(kafka, harness.Topics.A2aCards, 1, Cancellation)).Single();
        Assert.Equal(harness.AgentName("incident-responder"), card.Message.Key);
        await harness.StartWorkerAsync(harness.OnlyAgentFile("slack-helper.yaml"));

        await TestEvents.PublishAsync(kafka, harness.Topics.SlackEvents, "slack:T1/C2", TestEvents.SlackMention("the checkout pod is crash looping again"));

        var audits = (await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 2, Cancellation)).Select(r => AmbientRecordReader.Audit(r.Message.Value)).ToList();
        var asker = audits.Single(a => a.Agent == harness.AgentName("slack-helper"));
        var server = audits.Single(a => a.Agent == harness.AgentName("incident-responder"));
        Assert.Equal(RunOutcomes.Completed, asker.Outcome);
        Assert.Equal(RunOutcomes.Completed, server.Outcome);
        Assert.Equal(CloudEventTypes.A2aMessage, server.EventType);
        var delegateStep = Steps(harness, asker.RunId).Single(s => s.StepName == StepNames.Delegate);
        Assert.Equal("1 of 1 delegated tasks completed", delegateStep.Note);
        var answered = delegateStep.State.Element.GetProperty("delegations")[0];
        Assert.Equal(A2aTaskStates.Completed, answered.GetProperty("state").GetString());
        Assert.StartsWith("Incident report opened for the question from " + harness.AgentName("slack-helper"), answered.GetProperty("answer").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delegate_ToAnAgentNeitherLocalNorWithACard_IsRefusedNamingItAndNothingIsSent()
    {
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("slack-helper"));
        await harness.StartWorkerAsync();

        await TestEvents.PublishAsync(kafka, harness.Topics.SlackEvents, "slack:T1/C2", TestEvents.SlackMention("is the checkout pod down?"));

        var audit = AmbientRecordReader.Audit((await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1, Cancellation)).Single().Message.Value);
        Assert.Equal(RunOutcomes.Completed, audit.Outcome);
        var steps = Steps(harness, audit.RunId);
        Assert.DoesNotContain(steps, s => s.StepName == StepNames.Delegate);
        var refusal = steps.SelectMany(s => s.State.Element.TryGetProperty("turns", out var turns) ? turns.EnumerateArray() : [])
            .Where(t => t.TryGetProperty("function", out var f) && f.GetString() == "delegate")
            .Select(t => t.GetProperty("content").GetString()).First(c => c is not null && c.StartsWith("Error:", StringComparison.Ordinal));
        Assert.Contains($"There is no agent named '{harness.AgentName("incident-responder")}' to delegate to", refusal, StringComparison.Ordinal);
        Assert.Equal(0, TopicReader.CountAfterQuiet(kafka, harness.Topics.A2aReplies));
    }

    private static List<Checkpoint> Steps(WorkerHarness harness, string runId) => [.. CheckpointReader.ReadAll(harness.Kafka, harness.Topics.Checkpoints)
        .Where(r => r.Step?.RunId == runId).Select(r => r.Step!).GroupBy(s => s.StepIndex).Select(g => g.Last()).OrderBy(s => s.StepIndex)];
}
