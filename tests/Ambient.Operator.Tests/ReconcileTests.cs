using System.Text.Json.Nodes;
using Ambient.Testing;
using Confluent.Kafka;

namespace Ambient.Operator.Tests;

/// <summary>
/// The operator against the fake API server over real HTTP: an applied Agent becomes its eight resources, all owned by it;
/// a spec change rolls the workers; a hand edit is set back with an event; deleting the Agent deletes them all.
/// </summary>
public sealed class ReconcileTests(KafkaFixture kafka)
{
    private const string Name = "github-triage";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AppliedAgent_BecomesItsResourcesOwnedByIt_ReportsReady_AndTakesThemWhenDeleted()
    {
        await using var cluster = await OperatorHarness.StartAsync(kafka);
        var kubectl = cluster.Kubectl;
        var agent = await kubectl.ApplyAsync(Kubectl.Agent(Name, new JsonObject { ["replicas"] = new JsonObject { ["min"] = 1, ["max"] = 2 } }));
        var uid = agent["metadata"]!["uid"]!.ToString();
        var owned = OwnedResources.Of(Name, cluster.Topics.A2aInbox(Name));

        await Eventually.UntilAsync(() => owned.All(path => kubectl.Get(path) is not null), Cancellation);
        foreach (var path in owned)
        {
            var owner = kubectl.Get(path)!["metadata"]!["ownerReferences"]!.AsArray().Single()!;
            Assert.Equal((uid, "Agent", Name, true), ((string?)owner["uid"], (string?)owner["kind"], (string?)owner["name"], (bool?)owner["controller"]));
        }

        var configMap = kubectl.Get(OwnedResources.ConfigMap(Name))!;
        Assert.Contains("triage", configMap["data"]![$"{Name}.yaml"]!.ToString(), StringComparison.Ordinal);
        // KEDA sets the replicas, the Deployment controller reports them ready.
        await kubectl.PatchAsync(OwnedResources.Deployment(Name), new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 1 } });
        cluster.Api.SetStatus(OwnedResources.Deployment(Name), new JsonObject
        {
            ["replicas"] = 1,
            ["readyReplicas"] = 1,
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Available", ["status"] = "True" }),
        });

        await Eventually.UntilAsync(() => kubectl.Condition(Name, "Ready")?["reason"]?.ToString() == "WorkersReady", Cancellation);
        var status = kubectl.GetAgent(Name)!["status"]!;
        Assert.Equal(1, (long?)status["observedGeneration"]);
        Assert.Equal(1, (int?)status["readyReplicas"]);
        Assert.False(string.IsNullOrEmpty((string?)status["model"]));
        Assert.Equal(["Ready=True", "Scaling=False", "Paused=False", "Unhealthy=False", "Degraded=False"],
            status["conditions"]!.AsArray().Select(c => $"{c!["type"]}={c["status"]}"));

        await kubectl.DeleteAsync($"{Kubectl.Agents}/{Name}");
        Assert.All(owned, path => Assert.Null(kubectl.Get(path)));
        // Other workers stop delegating to it: its Agent Card is tombstoned.
        await Eventually.UntilAsync(() => CardTombstoned(cluster.Topics.A2aCards, Name), Cancellation);
    }

    [Fact]
    public async Task SpecChange_RollsTheWorkers_AndAHandEditIsSetBackWithAnEvent()
    {
        await using var cluster = await OperatorHarness.StartAsync(kafka);
        var kubectl = cluster.Kubectl;
        await kubectl.ApplyAsync(Kubectl.Agent(Name));
        await Eventually.UntilAsync(() => kubectl.Get(OwnedResources.Deployment(Name)) is not null && kubectl.GetAgent(Name)?["status"]?["observedGeneration"] is not null, Cancellation);
        var version = AgentVersion(kubectl);

        // A new system prompt: the ConfigMap changes, and the pod template's agent version with it, which rolls the pods.
        await kubectl.ApplyAsync(Kubectl.Agent(Name, new JsonObject { ["systemPrompt"] = "You triage issues, tersely." }));
        await Eventually.UntilAsync(() => AgentVersion(kubectl) != version, Cancellation);
        Assert.Contains("tersely", kubectl.Get(OwnedResources.ConfigMap(Name))!["data"]![$"{Name}.yaml"]!.ToString(), StringComparison.Ordinal);
        await Eventually.UntilAsync(() => (long?)kubectl.GetAgent(Name)!["status"]!["observedGeneration"] == 2, Cancellation);
        Assert.DoesNotContain(cluster.Api.Events(Kubectl.Namespace), e => (string?)e["reason"] == "DriftReverted");

        // Someone hands the worker the service account token: the operator takes it back, and says so.
        await kubectl.PatchAsync(OwnedResources.Deployment(Name), Parse("""{"spec":{"template":{"spec":{"automountServiceAccountToken":true}}}}"""));
        await Eventually.UntilAsync(() => (bool?)kubectl.Get(OwnedResources.Deployment(Name))!["spec"]!["template"]!["spec"]!["automountServiceAccountToken"] == false, Cancellation);
        var reverted = await Eventually.ReadAsync(() => cluster.Api.Events(Kubectl.Namespace).FirstOrDefault(e => (string?)e["reason"] == "DriftReverted"), e => e is not null, Cancellation);
        Assert.Equal("Normal", (string?)reverted!["type"]);
        Assert.Equal(Name, (string?)reverted["involvedObject"]!["name"]);
        Assert.Contains("Deployment ambient-worker-github-triage: spec.template.spec.automountServiceAccountToken", (string?)reverted["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReconciledAgent_LaterResyncsWriteNothing()
    {
        await using var cluster = await OperatorHarness.StartAsync(kafka);
        var kubectl = cluster.Kubectl;
        await kubectl.ApplyAsync(Kubectl.Agent(Name));
        await Eventually.UntilAsync(() => kubectl.Condition(Name, "Ready") is not null, Cancellation);
        var writes = OperatorWrites(cluster);
        var lists = Lists(cluster);

        // Three more resyncs (a list each) of an Agent that did not change: every resource is read, none is written.
        await Eventually.UntilAsync(() => Lists(cluster) >= lists + 3, Cancellation);

        Assert.Equal(writes, OperatorWrites(cluster));
    }

    [Fact]
    public async Task WatchEndedOrExpired_TheOperatorListsAgainAndMissesNothing()
    {
        await using var cluster = await OperatorHarness.StartAsync(kafka);
        var kubectl = cluster.Kubectl;
        await kubectl.ApplyAsync(Kubectl.Agent(Name));
        await Eventually.UntilAsync(() => kubectl.Get(OwnedResources.Deployment(Name)) is not null, Cancellation);

        // An API server restart ends the watch; etcd compaction makes its resourceVersion too old (410 Gone).
        cluster.Api.CompactHistory();
        cluster.Api.EndWatches();
        await kubectl.ApplyAsync(Kubectl.Agent(Name, new JsonObject { ["systemPrompt"] = "Seen after the watch was lost." }));

        await Eventually.UntilAsync(() => kubectl.Get(OwnedResources.ConfigMap(Name))!["data"]![$"{Name}.yaml"]!.ToString().Contains("watch was lost", StringComparison.Ordinal), Cancellation);
    }

    // The operator's writes but its Lease's and the Agent's status (which changes while the worker scales from zero).
    private static int OperatorWrites(OperatorHarness cluster) => cluster.Api.Requests.Count(r => r.Method != "GET"
        && r.UserAgent?.StartsWith("ambient-operator/", StringComparison.Ordinal) == true && !r.Path.EndsWith("/status", StringComparison.Ordinal));

    private static int Lists(OperatorHarness cluster) =>
        cluster.Api.Requests.Count(r => r.Method == "GET" && r.Path == Kubectl.Agents && r.Query["watch"] != "true");

    private bool CardTombstoned(string topic, string agent)
    {
        using var consumer = new ConsumerBuilder<string?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            GroupId = $"test-{Guid.NewGuid():N}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(topic);
        while (consumer.Consume(TimeSpan.FromSeconds(5)) is { } record)
        {
            if (record.Message.Key == agent && record.Message.Value is null or { Length: 0 })
            {
                return true;
            }
        }

        return false;
    }

    private static string? AgentVersion(Kubectl kubectl) =>
        kubectl.Get(OwnedResources.Deployment(Name))?["spec"]?["template"]?["metadata"]?["annotations"]?["ambient.io/agent-version"]?.ToString();

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
