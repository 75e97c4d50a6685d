using System.Text.Json.Nodes;
using Ambient.Testing;

namespace Ambient.Operator.Tests;

/// <summary>An Agent the operator cannot render, or whose resources belong to someone else, writes nothing and says why.</summary>
public sealed class InvalidSpecTests(KafkaFixture kafka)
{
    private const string Digest = "weekly-digest";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task InvalidSpec_IsRefusedWithAConditionNamingTheField_NothingIsApplied_AndTheFixIsApplied()
    {
        await using var cluster = await OperatorHarness.StartAsync(kafka);
        var kubectl = cluster.Kubectl;
        // Past what the CRD's schema can check: the weekly digest's agent runs its schedule, so it must run once.
        var broken = Kubectl.Agent(Digest, new JsonObject { ["replicas"] = new JsonObject { ["min"] = 1, ["max"] = 3 } });
        await kubectl.ApplyAsync(broken);

        var ready = await Eventually.ReadAsync(() => kubectl.Condition(Digest, "Ready"), c => c is not null, Cancellation);
        Assert.Equal(("False", "InvalidSpec"), ((string?)ready!["status"], (string?)ready["reason"]));
        Assert.Contains("spec.replicas.max must be 1", (string?)ready["message"], StringComparison.Ordinal);
        Assert.Equal("True", (string?)kubectl.Condition(Digest, "Degraded")!["status"]);
        var warning = cluster.Api.Events(Kubectl.Namespace).Single(e => (string?)e["reason"] == "InvalidSpec");
        Assert.Equal("Warning", (string?)warning["type"]);
        Assert.All(OwnedResources.Of(Digest, cluster.Topics.A2aInbox(Digest)), path => Assert.Null(kubectl.Get(path)));
        Assert.DoesNotContain(cluster.Api.Requests, r => r.Method == "PATCH" && !r.Path.StartsWith(Kubectl.Agents, StringComparison.Ordinal) && r.UserAgent?.StartsWith("ambient-operator", StringComparison.Ordinal) == true);

        await kubectl.ApplyAsync(Kubectl.Agent(Digest, new JsonObject { ["replicas"] = new JsonObject { ["min"] = 1, ["max"] = 1 } }));
        await Eventually.UntilAsync(() => kubectl.Get(OwnedResources.Deployment(Digest)) is not null, Cancellation);
        await Eventually.UntilAsync(() => kubectl.Condition(Digest, "Degraded")?["status"]?.ToString() == "False", Cancellation);
    }

    [Fact]
    public async Task AResourceOfTheSameNameOwnedByAnother_IsNotTakenOver_AndNothingIsApplied()
    {
        await using var cluster = await OperatorHarness.StartAsync(kafka);
        var kubectl = cluster.Kubectl;
        var owner = await kubectl.ApplyAsync(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "someone-else", ["namespace"] = Kubectl.Namespace },
        });
        var theirs = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject
            {
                ["name"] = "ambient-agent-github-triage",
                ["namespace"] = Kubectl.Namespace,
                ["ownerReferences"] = new JsonArray(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["name"] = "someone-else", ["uid"] = owner["metadata"]!["uid"]!.DeepClone(), ["controller"] = true }),
            },
            ["data"] = new JsonObject { ["theirs.yaml"] = "kept" },
        };
        await kubectl.ApplyAsync(theirs);
        await kubectl.ApplyAsync(Kubectl.Agent("github-triage"));

        var ready = await Eventually.ReadAsync(() => kubectl.Condition("github-triage", "Ready"), c => c is not null, Cancellation);
        Assert.Equal(("False", "NotOwned"), ((string?)ready!["status"], (string?)ready["reason"]));
        Assert.Contains("ConfigMap ambient/ambient-agent-github-triage", (string?)ready["message"], StringComparison.Ordinal);
        Assert.Equal("kept", (string?)kubectl.Get(OwnedResources.ConfigMap("github-triage"))!["data"]!["theirs.yaml"]);
        Assert.Null(kubectl.Get(OwnedResources.Deployment("github-triage")));
    }
}
