using Ambient.Testing;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Ambient.Gateway.Tests;

/// <summary>One-partition topics of a test's own, so what the gateway wrote is all there is to read.</summary>
internal sealed record GatewayTopicNames(string GitHub, string Slack, string Cluster, string Unrouted, string Extra)
{
    public static Task<GatewayTopicNames> CreateAsync(KafkaFixture kafka) => CreateAsync(kafka.BootstrapServers);

    public static async Task<GatewayTopicNames> CreateAsync(string bootstrapServers)
    {
        var names = new GatewayTopicNames(
            KafkaFixture.UniqueName("gw-github"), KafkaFixture.UniqueName("gw-slack"), KafkaFixture.UniqueName("gw-cluster"),
            KafkaFixture.UniqueName("gw-unrouted"), KafkaFixture.UniqueName("gw-extra"));
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        await admin.CreateTopicsAsync(new[] { names.GitHub, names.Slack, names.Cluster, names.Unrouted, names.Extra }
            .Select(name => new TopicSpecification { Name = name, NumPartitions = 1, ReplicationFactor = 1 }));
        return names;
    }
}
