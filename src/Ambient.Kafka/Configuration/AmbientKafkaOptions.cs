namespace Ambient.Kafka.Configuration;

/// <summary>
/// How Ambient connects to Kafka, bound from <c>Ambient:Kafka</c>. <c>ConnectionStrings:kafka</c>, when set,
/// overrides <see cref="BootstrapServers"/> (the Aspire convention); a code lambda given to
/// <c>AddAmbientKafka</c> overrides both. The defaults reach the embedded broker of <c>ambient up</c>.
/// </summary>
public sealed class AmbientKafkaOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Ambient:Kafka";

    /// <summary>The connection string name (<c>ConnectionStrings:kafka</c>) that overrides <see cref="BootstrapServers"/>.</summary>
    public const string ConnectionStringName = "kafka";

    /// <summary>Comma-separated <c>host:port</c> list of brokers to bootstrap from.</summary>
    public string BootstrapServers { get; set; } = "127.0.0.1:9092";

    /// <summary>The <c>client.id</c> brokers see in logs and quotas.</summary>
    public string ClientId { get; set; } = "ambient";

    /// <summary>How long disposing the publisher waits for records still in flight.</summary>
    public TimeSpan FlushTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The producer's <c>linger.ms</c> when <see cref="Producer"/> sets neither <c>linger.ms</c> nor
    /// <c>queue.buffering.max.ms</c> (librdkafka takes fractions of a millisecond). 1 ms: runs publish small records
    /// and wait for them; a host whose every request waits on one record (the gateway) lowers it.
    /// </summary>
    public double DefaultLingerMs { get; set; } = 1;

    /// <summary>
    /// librdkafka producer settings passed through as-is (e.g. <c>message.timeout.ms</c>, <c>compression.type</c>,
    /// <c>security.protocol</c>). <c>acks</c> and <c>enable.idempotence</c> are fixed by the publisher's contract.
    /// </summary>
    public IDictionary<string, string> Producer { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>librdkafka consumer settings passed through as-is.</summary>
    public IDictionary<string, string> Consumer { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>librdkafka admin client settings passed through as-is (e.g. <c>socket.timeout.ms</c>, which bounds topic creation).</summary>
    public IDictionary<string, string> Admin { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
