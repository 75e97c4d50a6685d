using System.Text.Json.Nodes;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Checkpoints;
using Ambient.Testing;

namespace Ambient.Worker.Tests.Tools;

/// <summary>
/// An agent that reads the cluster before it acts, through the real worker (host and process) on the real broker,
/// with the built-in Kubernetes read tools pointed at a fake API server over HTTP.
/// </summary>
public sealed class KubernetesReadTests(KafkaFixture kafka)
{
    private const string Namespace = "shop";
    private const string Pod = "checkout-7c9f8d6b5-x2x9q";

    private const string Agent = """
        name: pod-reader
        owner: team-test
        subscriptions:
          - topic: cluster
            types: [io.k8s.event.*]
        model:
          provider: offline
        systemPrompt: You investigate crash-looping pods before you report them.
        tools: [kubernetes.events, kubernetes.logs, notify.incident_report]
        offline:
          rules:
            - name: crash-loop
              when:
                types: [io.k8s.event.*]
              calls:
                - tool: kubernetes.events
                  arguments:
                    namespace: "{{ $.involvedObject.namespace }}"
                    kind: "{{ $.involvedObject.kind }}"
                    name: "{{ $.involvedObject.name }}"
                - tool: kubernetes.logs
                  arguments:
                    namespace: "{{ $.involvedObject.namespace }}"
                    pod: "{{ $.involvedObject.name }}"
                    previous: true
                - tool: notify.incident_report
                  arguments:
                    title: "{{ $.involvedObject.namespace }}/{{ $.involvedObject.name }} is crash-looping"
                    severity: critical
                    cause: "{{ $.reason }}: {{ $.message }}"
                    impact: "Requests to {{ $.involvedObject.name }} fail"
                    resolution: ["Read the previous log", "Roll back the last deploy"]
                    prevention: ["Alert on restart rate"]
              reply: "Reported {{ $.involvedObject.name }} after reading its events and previous log."
        """;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_RuleReadsEventsAndPreviousLog_JournalsTheReadsInTheActStepAndReadsEachOnce()
    {
        await using var api = await FakeKubernetesApi.StartAsync(Namespace, Pod, Cancellation);
        await using var harness = await WorkerHarness.CreateAsync(kafka, ("pod-reader.yaml", Agent));
        await harness.StartWorkerAsync(new Dictionary<string, string?> { ["Ambient:Tools:Kubernetes:Url"] = api.Url });

        await ToolRuns.PublishAsync(kafka, harness, Namespace, ToolRuns.PodWarning(Namespace, Pod));
        var audit = AmbientRecordReader.Audit((await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1, Cancellation)).Single().Message.Value);

        Assert.Equal(RunOutcomes.Completed, audit.Outcome);
        var turns = ToolRuns.ToolTurns(ToolRuns.Act(kafka, harness, audit.RunId));
        AssertReads(turns);
        var action = AmbientRecordReader.Action((await TopicReader.ReadAsync(kafka, harness.Topics.Actions, 1, Cancellation)).Single().Message.Value);
        Assert.Equal(("incident_report", $"{Namespace}/{Pod} is crash-looping"), (action.Operation, action.Arguments.GetProperty("title").GetString()));
        Assert.Equal([action.Id], audit.ActionIds);
        Assert.Equal((1, 1, 2), (api.RequestsTo(api.EventsPath), api.RequestsTo(api.LogPath), api.TotalRequests));
    }

    [Fact]
    public async Task Worker_KilledAfterTheActStepThatHoldsTheReads_SuccessorFinishesWithoutReadingAgain()
    {
        await using var api = await FakeKubernetesApi.StartAsync(Namespace, Pod, Cancellation);
        await using var harness = await WorkerHarness.CreateAsync(kafka, ("pod-reader.yaml", Agent));
        var tools = new Dictionary<string, string> { ["Ambient:Tools:Kubernetes:Url"] = api.Url };
        await ToolRuns.PublishAsync(kafka, harness, Namespace, ToolRuns.PodWarning(Namespace, Pod));

        // Checkpoints of the run: perceive, reason (the calls), act (the reads' results), reason (the reply), finish.
        using (var doomed = WorkerProcess.Start(harness, new Dictionary<string, string>(tools) { ["Ambient:Checkpoints:KillAfterCheckpoints"] = "3" }))
        {
            await doomed.WaitForExitAsync(TimeSpan.FromSeconds(90));
            Assert.True(doomed.Output.Contains("fault injection", StringComparison.Ordinal), $"The worker exited without being killed after the act step:\n{doomed.Output}");
        }

        var killedAt = CheckpointReader.ReadAll(kafka, harness.Topics.Checkpoints).Select(r => r.Step).OfType<Checkpoint>().ToList();
        Assert.Equal([StepNames.Perceive, StepNames.Reason, StepNames.Act], killedAt.OrderBy(s => s.StepIndex).Select(s => s.StepName));
        AssertReads(ToolRuns.ToolTurns(killedAt.Single(s => s.StepName == StepNames.Act)));
        Assert.Equal((1, 1), (api.RequestsTo(api.EventsPath), api.RequestsTo(api.LogPath)));

        using var successor = WorkerProcess.Start(harness, tools);
        var audit = AmbientRecordReader.Audit((await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1, Cancellation)).Single().Message.Value);
        await successor.StopAsync();

        Assert.Equal(RunOutcomes.Completed, audit.Outcome);
        Assert.Equal((1, 1, 2), (api.RequestsTo(api.EventsPath), api.RequestsTo(api.LogPath), api.TotalRequests));
        var steps = ToolRuns.Steps(kafka, harness, audit.RunId);
        Assert.Equal([StepNames.Perceive, StepNames.Reason, StepNames.Act, StepNames.Reason, StepNames.Finish], steps.Select(s => s.StepName));
        Assert.Equal(1, TopicReader.CountAfterQuiet(kafka, harness.Topics.Actions));
        Assert.Equal(1, TopicReader.CountAfterQuiet(kafka, harness.Topics.Audit));
    }

    /// <summary>Both reads journaled, marked read, with what the fake API server answered.</summary>
    private static void AssertReads(List<ToolTurn> turns)
    {
        Assert.Equal(["kubernetes.events", "kubernetes.logs", "notify.incident_report"], turns.Select(t => t.Tool));
        Assert.Equal([true, true, false], turns.Select(t => t.Read));
        var events = JsonNode.Parse(turns[0].Content)!;
        Assert.Equal(("BackOff", 7), ((string?)events["events"]![0]!["reason"], (int)events["events"]![0]!["count"]!));
        Assert.Equal($"{FakeKubernetesApi.EventMessage} {Pod}", (string?)events["events"]![0]!["message"]);
        var log = JsonNode.Parse(turns[1].Content)!;
        Assert.True((bool)log["previous"]!);
        Assert.Equal(["starting checkout", FakeKubernetesApi.PreviousLogLine], log["lines"]!.AsArray().Select(l => (string?)l));
    }
}
