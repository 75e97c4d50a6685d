using Ambient.Kafka.Configuration;
using Ambient.Kafka.Topics;
using Ambient.Testing;
using Ambient.Testing.Kubernetes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ambient.Operator.Tests;

/// <summary>
/// The fake API server, the test broker with topics of the test's own, and operator replicas over them, each a real
/// OperatorApplication with its probes on a free loopback port. Timings are short so a test sees a resync in a second.
/// </summary>
internal sealed class OperatorHarness : IAsyncDisposable
{
    private readonly List<(string Identity, WebApplication App)> _replicas = [];
    private readonly KafkaFixture _kafka;

    private OperatorHarness(KafkaFixture kafka, FakeKubernetesApi api, AmbientTopics topics)
    {
        (_kafka, Api, Topics) = (kafka, api, topics);
        Kubectl = new Kubectl(api);
    }

    public FakeKubernetesApi Api { get; }

    public Kubectl Kubectl { get; }

    public AmbientTopics Topics { get; }

    /// <summary>Starts the fake, topics for <paramref name="agents"/> (default github-triage) and one replica, operator-0.</summary>
    public static async Task<OperatorHarness> StartAsync(KafkaFixture kafka, IReadOnlyList<string>? agents = null)
    {
        var topics = AmbientTopics.WithPrefix($"t{Guid.NewGuid().ToString("N")[..10]}.");
        var initializer = new TopicInitializer(Options.Create(new AmbientKafkaOptions { BootstrapServers = kafka.BootstrapServers }), NullLogger<TopicInitializer>.Instance);
        await initializer.EnsureTopicsAsync(topics, new TopicLayout { EventPartitions = 3, ActionPartitions = 3, AuditPartitions = 1, DeadLetterPartitions = 1, Agents = agents ?? ["github-triage"] },
            CancellationToken.None);
        var harness = new OperatorHarness(kafka, await FakeKubernetesApi.StartAsync(), topics);
        await harness.StartReplicaAsync("operator-0");

        return harness;
    }

    /// <summary>Starts one more operator replica named <paramref name="identity"/>.</summary>
    public async Task<WebApplication> StartReplicaAsync(string identity)
    {
        var settings = new Dictionary<string, string?>(Topics.ToSettings())
        {
            ["Ambient:Kafka:BootstrapServers"] = _kafka.BootstrapServers,
            ["Ambient:Operator:KubernetesUrl"] = Api.Url,
            ["Ambient:Operator:Namespace"] = Kubectl.Namespace,
            ["Ambient:Operator:Identity"] = identity,
            ["Ambient:Operator:ResyncInterval"] = "00:00:01",
            ["Ambient:Operator:StatusInterval"] = "00:00:00.500",
            ["Ambient:Operator:LeaseDuration"] = "00:00:04",
            ["Ambient:Operator:RenewDeadline"] = "00:00:03",
            ["Ambient:Operator:RetryPeriod"] = "00:00:00.500",
        };
        var app = OperatorApplication.Create("http://127.0.0.1:0", settings);
        await app.StartAsync(TestContext.Current.CancellationToken);
        _replicas.Add((identity, app));
        return app;
    }

    /// <summary>Stops a replica as a pod's deletion does (it keeps the lease until it runs out).</summary>
    public async Task StopAsync(WebApplication replica)
    {
        _replicas.RemoveAll(r => r.App == replica);
        await replica.StopAsync(CancellationToken.None);
        await replica.DisposeAsync();
    }

    /// <summary>Stops the replica named <paramref name="identity"/>.</summary>
    public Task StopReplicaNamedAsync(string identity) => StopAsync(_replicas.Single(r => r.Identity == identity).App);

    /// <summary>Who holds the operator's lease now; null before anyone does.</summary>
    public string? LeaseHolder => Api.Get("/apis/coordination.k8s.io/v1/namespaces/ambient/leases/ambient-operator")?["spec"]?["holderIdentity"]?.ToString();

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, replica) in _replicas.ToList())
        {
            await StopAsync(replica);
        }

        Kubectl.Dispose();
        await Api.DisposeAsync();
    }
}
