using System.Text;
using System.Text.Json.Nodes;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Processing;
using Ambient.Kafka.Topics;
using Ambient.Runtime.Operations;
using Ambient.Runtime.Runs;
using Ambient.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Ambient.Worker.Topics;

namespace Ambient.Worker.Tests;

/// <summary>Rollbacks through the control topic, applied by a running worker, seen on the real topics.</summary>
public sealed class RollbackTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rollback_ToTheReasonStep_CompensatesDiscardedActionsAndReExecutes()
    {
        var payload = TestEvents.IssueOpenedPayload();
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        var worker = await harness.StartWorkerAsync();
        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "github:Codertocat/Hello-World#1", TestEvents.IssueOpened(payload));
        var first = AmbientRecordReader.Audit((await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1, Cancellation)).Single().Message.Value);
        var operations = Operations(worker);

        var command = await operations.RequestRollbackAsync(first.RunId, "1", "test", Cancellation);
        var run = await operations.WaitForRollbackAsync(command, TimeSpan.FromSeconds(60), Cancellation);

        Assert.NotNull(run);
        Assert.Equal([StepNames.Perceive, StepNames.Reason, StepNames.Rollback, StepNames.Act, StepNames.Reason, StepNames.Finish], run.Chain().Select(s => s.StepName));
        Assert.Equal([2, 3, 4], run.Steps.Where(s => s.Status == CheckpointStatus.RolledBack).Select(s => s.StepIndex));
        var actions = (await TopicReader.ReadAsync(kafka, harness.Topics.Actions, 9, Cancellation)).Select(a => AmbientRecordReader.Action(a.Message.Value)).ToList();
        Assert.Equal(9, actions.Select(a => a.Id).Distinct().Count());
        Assert.Equal(["remove_labels", "delete_comment", "withdraw_pull_request_plan"], actions.Where(a => a.Id.StartsWith($"{first.RunId}/5/", StringComparison.Ordinal)).Select(a => a.Operation));
        Assert.Equal(["add_labels", "comment", "propose_pull_request_plan"], actions.Where(a => a.Id.StartsWith($"{first.RunId}/6/", StringComparison.Ordinal)).Select(a => a.Operation));
        Assert.Equal(actions.Single(a => a.Id == $"{first.RunId}/2/0").Arguments.GetProperty("labels").GetRawText(),
            actions.Single(a => a.Operation == "remove_labels").Arguments.GetProperty("labels").GetRawText());
        Assert.Equal($"{first.RunId}/2/1", actions.Single(a => a.Operation == "delete_comment").Arguments.GetProperty("actionId").GetString());
        var audits = (await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 3, Cancellation)).Select(a => AmbientRecordReader.Audit(a.Message.Value)).ToList();
        Assert.Equal([RunOutcomes.Completed, RunOutcomes.RolledBack, RunOutcomes.Completed], audits.Select(a => a.Outcome));
        Assert.Equal([$"{first.RunId}/6/0", $"{first.RunId}/6/1", $"{first.RunId}/6/2"], audits[2].ActionIds);
    }

    [Fact]
    public async Task Rollback_OfActionsNoToolCanUndo_AuditsEachAsCannotUndo()
    {
        var specs = TestEvents.SpecsDirectory("cluster-events");
        var kubernetesEvent = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(specs, "core.v1.Event.json"), Cancellation))!;
        kubernetesEvent["type"] = "Warning";
        kubernetesEvent["reason"] = "BackOff";
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("incident-responder"));
        var worker = await harness.StartWorkerAsync();
        var @event = new AmbientEvent(Guid.NewGuid().ToString(), "https://kubernetes.default.svc", CloudEventTypes.KubernetesEvent("BackOff"), "shop/checkout",
            DateTimeOffset.UnixEpoch, "application/json", Encoding.UTF8.GetBytes(kubernetesEvent.ToJsonString())) { Ingress = IngressKinds.Kubernetes };
        await TestEvents.PublishAsync(kafka, harness.Topics.ClusterEvents, EntityKeys.Kubernetes("shop", "checkout"), @event);
        var first = AmbientRecordReader.Audit((await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1, Cancellation)).Single().Message.Value);
        Assert.Equal(2, first.ActionIds.Count);
        var operations = Operations(worker);

        var command = await operations.RequestRollbackAsync(first.RunId, "1", "test", Cancellation);
        var run = await operations.WaitForRollbackAsync(command, TimeSpan.FromSeconds(60), Cancellation);

        Assert.NotNull(run);
        var audits = (await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 5, Cancellation)).Select(a => AmbientRecordReader.Audit(a.Message.Value)).ToList();
        var cannotUndo = audits.Where(a => a.Outcome == RunOutcomes.CannotUndo).ToList();
        Assert.Equal(first.ActionIds.Order(), cannotUndo.SelectMany(a => a.ActionIds).Order());
        Assert.All(cannotUndo, a => Assert.Contains("cannot be undone", a.ReasoningSummary, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rollback_UnknownStepOrRun_RefusedWithTheStepsThereAre()
    {
        var payload = TestEvents.IssueOpenedPayload();
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        var worker = await harness.StartWorkerAsync();
        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "github:Codertocat/Hello-World#1", TestEvents.IssueOpened(payload));
        var first = AmbientRecordReader.Audit((await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1, Cancellation)).Single().Message.Value);
        var operations = Operations(worker);

        var unknownStep = await Assert.ThrowsAsync<RollbackException>(() => operations.RequestRollbackAsync(first.RunId, "9", "test", Cancellation));
        var unknownRun = await Assert.ThrowsAsync<RollbackException>(() => operations.RequestRollbackAsync("github-triage-0000", "1", "test", Cancellation));

        Assert.Contains("its steps are 0 (perceive), 1 (reason), 2 (act), 3 (reason)", unknownStep.Message, StringComparison.Ordinal);
        Assert.Contains("No run github-triage-0000", unknownRun.Message, StringComparison.Ordinal);
        Assert.Equal(0, TopicReader.CountAfterQuiet(kafka, harness.Topics.Control));
    }

    private static RunOperations Operations(IHost worker) => new(
        worker.Services.GetRequiredService<ICheckpointLog>(),
        worker.Services.GetRequiredService<IRecordPublisher>(),
        worker.Services.GetRequiredService<IOptions<AmbientTopics>>().Value.ForRuns(),
        TimeProvider.System);
}
