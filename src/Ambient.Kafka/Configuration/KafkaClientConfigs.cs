using Confluent.Kafka;

namespace Ambient.Kafka.Configuration;

/// <summary>Client configurations from <see cref="AmbientKafkaOptions"/>: the pass-through settings first, then what Ambient fixes.</summary>
public static class KafkaClientConfigs
{
    /// <summary>
    /// Idempotent, acks=all, and <see cref="AmbientKafkaOptions.DefaultLingerMs"/> (1 ms) unless a linger is configured: runs
    /// publish many small records and wait for their acknowledgements, and librdkafka still batches whatever queues
    /// while a request is in flight.
    /// </summary>
    public static ProducerConfig Producer(AmbientKafkaOptions options)
    {
        var config = new ProducerConfig(new Dictionary<string, string>(options.Producer, StringComparer.Ordinal))
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = options.ClientId,
            EnableIdempotence = true,
            Acks = Acks.All,
        };
        // Ambient reads only the status, partition and offset of a delivery report; marshalling the key, value and
        // headers back from librdkafka for every record is measurable CPU on the hot path.
        if (!options.Producer.ContainsKey("dotnet.producer.delivery.report.fields"))
        {
            config.DeliveryReportFields = "status";
        }

        if (!options.Producer.ContainsKey("socket.nagle.disable"))
        {
            config.SocketNagleDisable = true;
        }

        if (!options.Producer.ContainsKey("linger.ms") && !options.Producer.ContainsKey("queue.buffering.max.ms"))
        {
            config.LingerMs = options.DefaultLingerMs;
        }

        return config;
    }

    /// <summary>A consumer in <paramref name="groupId"/> (readers without a group use a throwaway id and assign partitions).</summary>
    public static ConsumerConfig Consumer(AmbientKafkaOptions options, string groupId) =>
        new(new Dictionary<string, string>(options.Consumer, StringComparer.Ordinal))
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = options.ClientId,
            GroupId = groupId,
        };

    /// <summary>An admin client (metadata, topic creation).</summary>
    public static AdminClientConfig Admin(AmbientKafkaOptions options) =>
        new(new Dictionary<string, string>(options.Admin, StringComparer.Ordinal))
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = options.ClientId,
        };

    /// <summary>
    /// Builds a client, turning librdkafka's rejection of a pass-through setting (unknown name, bad value) into an
    /// error that names the configuration section, e.g. <c>Ambient:Kafka:Producer is invalid: No such configuration property</c>.
    /// </summary>
    public static T Build<T>(string area, Func<T> build)
    {
        try
        {
            return build();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or KafkaException)
        {
            throw new InvalidOperationException($"{AmbientKafkaOptions.SectionName}:{area} is invalid: {ex.Message}", ex);
        }
    }
}
