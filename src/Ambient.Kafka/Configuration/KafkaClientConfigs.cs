using Confluent.Kafka;

namespace Ambient.Kafka.Configuration;

/// <summary>Client configurations from <see cref="AmbientKafkaOptions"/>: the pass-through settings first, then what Ambient fixes.</summary>
internal static class KafkaClientConfigs
{
    /// <summary>Idempotent, acks=all, and a 5 ms linger unless configured, so concurrent publishes share batches.</summary>
    public static ProducerConfig Producer(AmbientKafkaOptions options)
    {
        var config = new ProducerConfig(new Dictionary<string, string>(options.Producer, StringComparer.Ordinal))
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = options.ClientId,
            EnableIdempotence = true,
            Acks = Acks.All,
        };
        if (!options.Producer.ContainsKey("linger.ms") && !options.Producer.ContainsKey("queue.buffering.max.ms"))
        {
            config.LingerMs = 5;
        }

        return config;
    }

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
