using System.Globalization;
using Ambient.Kafka.Configuration;
using Ambient.Testing;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Ambient.Gateway.Tests;

/// <summary>
/// One-partition topics of a test's own, so what the gateway wrote is all there is to read. The event topics take
/// records as large as `ambient topics init` lets them (max.message.bytes), the extra topic keeps Kafka's default.
/// </summary>
internal sealed record GatewayTopicNames(string GitHub, string Slack, string Cluster, string Unrouted, string Extra)
{
    public string Custom { get; init; } = Extra + "-custom";

    public static Task<GatewayTopicNames> CreateAsync(KafkaFixture kafka) => CreateAsync(kafka.BootstrapServers);

    public static async Task<GatewayTopicNames> CreateAsync(string bootstrapServers)
    {
        var names = new GatewayTopicNames(
            KafkaFixture.UniqueName("gw-github"), KafkaFixture.UniqueName("gw-slack"), KafkaFixture.UniqueName("gw-cluster"),
            KafkaFixture.UniqueName("gw-unrouted"), KafkaFixture.UniqueName("gw-extra"));
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var large = new Dictionary<string, string> { [RecordSizeLimits.TopicConfig] = RecordSizeLimits.EventRecordBytes.ToString(CultureInfo.InvariantCulture) };
        await admin.CreateTopicsAsync(new[] { names.GitHub, names.Slack, names.Cluster, names.Unrouted, names.Custom }
            .Select(name => new TopicSpecification { Name = name, NumPartitions = 1, ReplicationFactor = 1, Configs = large })
            .Append(new TopicSpecification { Name = names.Extra, NumPartitions = 1, ReplicationFactor = 1 }));
        return names;
    }
}
