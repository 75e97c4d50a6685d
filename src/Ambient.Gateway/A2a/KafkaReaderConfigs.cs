using Ambient.Kafka.Configuration;
using Confluent.Kafka;

namespace Ambient.Gateway.A2a;

/// <summary>
/// The A2A readers' client settings from <see cref="AmbientKafkaOptions"/>, as <c>Ambient.Kafka</c> builds its own
/// (pass-through <c>Ambient:Kafka:Consumer</c>/<c>Admin</c> first, then bootstrap and client id).
/// </summary>
internal static class KafkaReaderConfigs
{
    public static ConsumerConfig Consumer(AmbientKafkaOptions options, string groupId) =>
        new(new Dictionary<string, string>(options.Consumer, StringComparer.Ordinal))
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = options.ClientId,
            GroupId = groupId,
        };

    public static AdminClientConfig Admin(AmbientKafkaOptions options) =>
        new(new Dictionary<string, string>(options.Admin, StringComparer.Ordinal))
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = options.ClientId,
        };
}
