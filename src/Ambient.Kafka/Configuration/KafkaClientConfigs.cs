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

        // librdkafka refuses a record above message.max.bytes (default 1,000,000) at produce time; event topics take
        // up to RecordSizeLimits.EventRecordBytes, and the broker checks each topic's own limit anyway.
        if (!options.Producer.ContainsKey("message.max.bytes"))
        {
            config.MessageMaxBytes = RecordSizeLimits.EventRecordBytes;
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

    /// <summary>
    /// A consumer in <paramref name="groupId"/> (readers without a group use a throwaway id and assign partitions). Its
    /// <c>fetch.max.bytes</c> is at least <see cref="RecordSizeLimits.EventRecordBytes"/>: a fetch returns a batch larger
    /// than the limits only when it is the first (KIP-74), and a smaller configured limit would slow large records to one per fetch.
    /// </summary>
    public static ConsumerConfig Consumer(AmbientKafkaOptions options, string groupId)
    {
        var config = new ConsumerConfig(new Dictionary<string, string>(options.Consumer, StringComparer.Ordinal))
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = options.ClientId,
            GroupId = groupId,
        };
        if (!options.Consumer.ContainsKey("fetch.max.bytes"))
        {
            // librdkafka's default (50 MiB) already is; set so the chain of limits is written down in one place.
            config.FetchMaxBytes = Math.Max(RecordSizeLimits.EventRecordBytes, 52_428_800);
        }

        return config;
    }

    /// <summary>Group names of <see cref="Reader"/>s start with this; KafkaUsers grant Describe (only) on the prefix.</summary>
    public const string ReaderGroupPrefix = "ambient-reader-";

    /// <summary>
    /// A reader: a consumer that only assigns partitions, never joins its group or commits. librdkafka still looks up
    /// the coordinator of its group.id (which Confluent.Kafka requires), and Kafka answers that lookup only with Describe
    /// on the group: so every reader's group starts with <see cref="ReaderGroupPrefix"/>, the one group prefix each
    /// component may describe, and never read.
    /// </summary>
    public static ConsumerConfig Reader(AmbientKafkaOptions options)
    {
        var config = Consumer(options, $"{ReaderGroupPrefix}{Guid.NewGuid():N}");
        config.EnableAutoCommit = false;
        config.EnableAutoOffsetStore = false;
        return config;
    }

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
