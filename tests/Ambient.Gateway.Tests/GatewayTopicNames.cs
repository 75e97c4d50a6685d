using Ambient.Testing;

namespace Ambient.Gateway.Tests;

/// <summary>One-partition topics of a test's own, so what the gateway wrote is all there is to read.</summary>
internal sealed record GatewayTopicNames(string GitHub, string Slack, string Cluster, string Unrouted, string Extra)
{
    public static async Task<GatewayTopicNames> CreateAsync(KafkaFixture kafka) => new(
        await kafka.CreateTopicAsync("gw-github"),
        await kafka.CreateTopicAsync("gw-slack"),
        await kafka.CreateTopicAsync("gw-cluster"),
        await kafka.CreateTopicAsync("gw-unrouted"),
        await kafka.CreateTopicAsync("gw-extra"));
}
