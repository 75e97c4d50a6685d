using System.Text.Json.Nodes;
using Ambient.Governance.Budgets;
using Ambient.Governance.State;
using Ambient.Kubernetes.Yaml;
using Ambient.Runtime.Runs;
using Ambient.Testing;
using Ambient.Testing.Workers;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using YamlDotNet.RepresentationModel;

namespace Ambient.Operator.Tests;

/// <summary>
/// The operator beside a real worker running the sample github-triage agent on the test broker: the Agent's status and
/// every printer column fill from what the worker did, and <c>spec.paused</c> closes and opens the worker's gate through
/// the kill switch, without lifting a pause someone else set.
/// </summary>
public sealed class ActivityTests(KafkaFixture kafka)
{
    // An agent of the test's own (the sample github-triage's file under another name): its consumer group, whose lag the
    // status shows, is then the test's alone.
    private readonly string Name = $"triage-{Guid.NewGuid():N}"[..15];

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StatusAndPrinterColumns_FillFromARunningWorker()
    {
        await using var cluster = await OperatorHarness.StartAsync(kafka, [Name]);
        await using var worker = await TriageWorker.StartAsync(kafka, cluster.Topics, Name);
        await cluster.Kubectl.ApplyAsync(Kubectl.Agent(Name, from: "github-triage"));
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        var budget = AgentBudget.New(Name, today) with { Limits = new BudgetLimits(TokensPerDay: 800_000, CostPerDayUsd: 5m), LimitsSet = true, TokensToday = 1_234, CostTodayUsd = 0.25m };
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build())
        {
            await producer.ProduceAsync(cluster.Topics.Budget, new Message<string, byte[]> { Key = Name, Value = BudgetJson.Encode(new BudgetLedgerRecord(budget, null)) }, Cancellation);
        }

        await TriageWorker.PublishIssueAsync(kafka, cluster.Topics, Cancellation);
        await Eventually.UntilAsync(() => cluster.Kubectl.Get(OwnedResources.Deployment(Name)) is not null, Cancellation);
        cluster.Api.SetStatus(OwnedResources.Deployment(Name), new JsonObject { ["replicas"] = 1, ["readyReplicas"] = 1 });

        var agent = await Eventually.ReadAsync(() => cluster.Kubectl.GetAgent(Name)!,
            a => a["status"]?["lastRun"]?["outcome"] is not null && (long?)a["status"]?["lag"] == 0 && (int?)a["status"]?["replicas"] == 1, Cancellation);
        var status = agent["status"]!;
        Assert.Equal(1, (long?)status["runsToday"]);
        Assert.Equal(1_234, (long?)status["tokensToday"]);
        Assert.Equal(0.25, (double?)status["costTodayUsd"]);
        Assert.Equal((800_000, 5.0), ((long?)status["budget"]?["tokensPerDay"], (double?)status["budget"]?["costPerDayUsd"]));
        Assert.False(string.IsNullOrEmpty((string?)status["lastRun"]!["id"]));
        // What `kubectl get ag -o wide` shows: every printer column of the CRD has a value.
        foreach (var (column, path) in PrinterColumns())
        {
            Assert.True(path.Aggregate<string, JsonNode?>(agent, (node, field) => node?[field]) is not null, $"printer column {column} ({string.Join('.', path)}) is empty");
        }
    }

    [Fact]
    public async Task SpecPaused_ClosesAndOpensTheWorkersGate_AndLeavesSomeoneElsesPauseInPlace()
    {
        await using var cluster = await OperatorHarness.StartAsync(kafka, [Name]);
        await using var worker = await TriageWorker.StartAsync(kafka, cluster.Topics, Name);
        var gate = worker.Host.Services.GetRequiredService<IRunGate>();
        await cluster.Kubectl.ApplyAsync(Kubectl.Agent(Name, from: "github-triage", spec: new JsonObject { ["paused"] = true }));

        await Eventually.UntilAsync(() => gate.IsClosed(Name), Cancellation);
        await Eventually.UntilAsync(() => cluster.Kubectl.Condition(Name, "Paused")?["reason"]?.ToString() == "SpecPaused", Cancellation);

        await cluster.Kubectl.ApplyAsync(Kubectl.Agent(Name, from: "github-triage", spec: new JsonObject { ["paused"] = false }));
        await Eventually.UntilAsync(() => !gate.IsClosed(Name), Cancellation);
        await Eventually.UntilAsync(() => cluster.Kubectl.Condition(Name, "Paused")?["status"]?.ToString() == "False", Cancellation);

        // An on-call engineer pauses the agent with `ambient pause`: the spec's paused: false does not undo that.
        using var governance = new TestGovernance(kafka.BootstrapServers, cluster.Topics.Policy);
        await governance.Writer.PauseAsync(new PauseRecord(Name, "incident 42", "oncall", TimeProvider.System.GetUtcNow()), Cancellation);
        var held = await Eventually.ReadAsync(() => cluster.Kubectl.Condition(Name, "Paused"), c => c?["reason"]?.ToString() == "KillSwitch", Cancellation);
        Assert.Contains("paused by oncall: incident 42", (string?)held!["message"], StringComparison.Ordinal);
        await cluster.Kubectl.ApplyAsync(Kubectl.Agent(Name, from: "github-triage", spec: new JsonObject { ["paused"] = false, ["systemPrompt"] = "A new generation." }));
        await Eventually.UntilAsync(() => (long?)cluster.Kubectl.GetAgent(Name)?["status"]?["observedGeneration"] == 3, Cancellation);
        Assert.True(gate.IsClosed(Name));
    }

    private static IEnumerable<(string Column, string[] Path)> PrinterColumns()
    {
        var crd = new YamlStream();
        crd.Load(new StringReader(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "crds", "agent.yaml"))));
        var columns = YamlJson.ToJson(crd.Documents[0].RootNode)!["spec"]!["versions"]![0]!["additionalPrinterColumns"]!.AsArray();
        return columns.Select(c => ((string)c!["name"]!, ((string)c["jsonPath"]!).TrimStart('.').Split('.')));
    }
}
