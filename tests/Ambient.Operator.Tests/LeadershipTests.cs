using Ambient.Testing;

namespace Ambient.Operator.Tests;

/// <summary>Two operator replicas over one API server: only the lease's holder writes, and the other takes over when it goes.</summary>
public sealed class LeadershipTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoReplicas_OnlyTheLeaseHolderReconciles_AndTheStandbyTakesOverWhenItStops()
    {
        await using var cluster = await OperatorHarness.StartAsync(kafka);
        await cluster.StartReplicaAsync("operator-1");
        var first = await Eventually.ReadAsync(() => cluster.LeaseHolder, holder => holder is not null, Cancellation);
        await cluster.Kubectl.ApplyAsync(Kubectl.Agent("github-triage"));
        await Eventually.UntilAsync(() => cluster.Kubectl.Condition("github-triage", "Ready") is not null, Cancellation);

        Assert.Equal([$"ambient-operator/{first}"], Writers(cluster));

        // The leader goes (a rollout, a node lost): the standby takes the lease once it runs out, and carries on.
        await cluster.StopReplicaNamedAsync(first!);

        var successor = await Eventually.ReadAsync(() => cluster.LeaseHolder, holder => holder != first, Cancellation);
        var before = cluster.Api.Requests.Count;
        await cluster.Kubectl.ApplyAsync(Kubectl.Agent("slack-helper"));
        await Eventually.UntilAsync(() => cluster.Kubectl.Get(OwnedResources.Deployment("slack-helper")) is not null, Cancellation);

        Assert.Equal([$"ambient-operator/{successor}"], Writers(cluster, skip: before));
    }

    // Who wrote (leases aside, which both replicas read and try): the User-Agent names the replica.
    private static IEnumerable<string?> Writers(OperatorHarness cluster, int skip = 0) =>
        cluster.Api.Requests.Skip(skip)
            .Where(r => r.Method != "GET" && r.UserAgent?.StartsWith("ambient-operator", StringComparison.Ordinal) == true && !r.Path.Contains("/leases", StringComparison.Ordinal))
            .Select(r => r.UserAgent).Distinct();
}
