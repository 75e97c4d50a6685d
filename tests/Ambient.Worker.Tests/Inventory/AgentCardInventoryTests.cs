using System.Text.Json;
using Ambient.Abstractions.A2a;
using Ambient.Avro.Serialization;
using Ambient.Testing;
using Ambient.Worker.Inventory;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ambient.Worker.Tests.Inventory;

/// <summary>
/// Each Agent Card the worker publishes carries its agent's inventory (owner, tools with kinds and zones, risk tier) under
/// the policies in force on the governance topic, and is published again when they change the agent's risk tier.
/// </summary>
public sealed class AgentCardInventoryTests(KafkaFixture kafka)
{
    private const string RestartsNeedApproval = """
        name: restarts-need-approval
        rules:
          - name: prod-restarts
            match:
              tools: [kubernetes.restart_workload]
              arguments: [{path: $.namespace, regex: "^prod"}]
            decision: approve
            approvers: [oncall]
        """;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Card_PublishedAtStart_CarriesOwnerToolsAndZonesUnderThePoliciesInForce()
    {
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("incident-responder"));
        using var governance = new TestGovernance(kafka.BootstrapServers, harness.Topics.Policy);
        await governance.ApplyAsync(RestartsNeedApproval);
        await harness.StartWorkerAsync();

        var inventory = Inventory((await TopicReader.ReadAsync(kafka, harness.Topics.A2aCards, 1, Cancellation)).Single());

        Assert.Equal(harness.AgentName("incident-responder"), inventory.GetProperty("name").GetString());
        Assert.Equal("team-sre", inventory.GetProperty("owner").GetString());
        Assert.StartsWith("Writes incident reports", inventory.GetProperty("purpose").GetString(), StringComparison.Ordinal);
        Assert.Equal("red", inventory.GetProperty("riskTier").GetString());
        var tools = inventory.GetProperty("tools").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        Assert.Equal(["kubernetes.events", "kubernetes.logs", "kubernetes.get", "notify.incident_report", "kubernetes.restart_workload", "kubernetes.scale_workload"], tools.Keys);
        Assert.Equal(("read", "green"), (tools["kubernetes.events"].GetProperty("kind").GetString(), tools["kubernetes.events"].GetProperty("tier").GetString()));
        var restart = tools["kubernetes.restart_workload"];
        Assert.Equal(("effect", "red"), (restart.GetProperty("kind").GetString(), restart.GetProperty("tier").GetString()));
        var zone = restart.GetProperty("zones")[0];
        Assert.Equal(("approve", "prod-restarts", "when $.namespace matches ^prod"),
            (zone.GetProperty("decision").GetString(), zone.GetProperty("rule").GetString(), zone.GetProperty("condition").GetString()));
        Assert.Equal(800_000, inventory.GetProperty("budgets").GetProperty("maxTokensPerDay").GetInt64());
        Assert.Equal("offline", inventory.GetProperty("model").GetProperty("provider").GetString());
    }

    [Fact]
    public async Task Card_PolicyAppliedWhileTheWorkerRuns_RepublishedWithTheNewRiskTierAndNotForAPause()
    {
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("incident-responder"));
        using var governance = new TestGovernance(kafka.BootstrapServers, harness.Topics.Policy);
        await harness.StartWorkerAsync();
        var first = Inventory((await TopicReader.ReadAsync(kafka, harness.Topics.A2aCards, 1, Cancellation)).Single());

        await governance.ApplyAsync(RestartsNeedApproval);
        var second = Inventory((await TopicReader.ReadAsync(kafka, harness.Topics.A2aCards, 2, Cancellation))[1]);
        await governance.PauseAllAsync();
        await governance.ResumeAllAsync();
        await governance.ApplyAsync("name: marker\ndefault: allow\n");
        // The marker policy changes the policy set version, so its card comes after the pause's would have.
        var cards = await TopicReader.ReadAsync(kafka, harness.Topics.A2aCards, 3, Cancellation);

        Assert.Equal("green", first.GetProperty("riskTier").GetString());
        Assert.Equal("red", second.GetProperty("riskTier").GetString());
        Assert.Equal(3, cards.Count);
        Assert.NotEqual(second.GetProperty("policySetVersion").GetString(), Inventory(cards[2]).GetProperty("policySetVersion").GetString());
    }

    private static JsonElement Inventory(ConsumeResult<string?, byte[]> record)
    {
        using var avro = new ServiceCollection().AddAmbientAvro(new ConfigurationBuilder().Build()).BuildServiceProvider();
        var card = avro.GetRequiredService<AvroRecordCodec<A2aAgentCard>>().Decode(record.Message.Value);
        var extension = Assert.Single(card.Extensions, e => e.Uri == InventoryExtension.Uri);
        Assert.False(extension.Required);
        return JsonDocument.Parse(extension.Params!).RootElement.Clone();
    }
}
