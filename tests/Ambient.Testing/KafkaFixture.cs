using Ambient.Broker;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Testcontainers.Kafka;

namespace Ambient.Testing;

/// <summary>
/// The Kafka every test talks to, chosen once per test run:
/// <list type="bullet">
/// <item><c>AMBIENT_KAFKA_BOOTSTRAP=host:port</c>: an existing broker (Strimzi, docker compose, anything);</item>
/// <item><c>AMBIENT_KAFKA=container</c>: Apache Kafka in Docker via Testcontainers;</item>
/// <item>otherwise: Ambient's embedded broker, in process, on a free port and a temporary directory.</item>
/// </list>
/// Tests use the real Confluent.Kafka client over TCP whichever it is; tests that need to stop or
/// damage the broker call <see cref="RequireEmbedded"/> and are skipped, saying why, on a real broker.
/// </summary>
public sealed class KafkaFixture : IAsyncLifetime
{
    private KafkaContainer? _container;

    /// <summary>The bootstrap servers of the broker under test.</summary>
    public string BootstrapServers { get; private set; } = string.Empty;

    /// <summary>The embedded broker, or null when testing a real one.</summary>
    public KafkaBroker? Embedded { get; private set; }

    /// <summary>Which broker this is, for test output.</summary>
    public string Description { get; private set; } = string.Empty;

    /// <inheritdoc/>
    public async ValueTask InitializeAsync()
    {
        var bootstrap = Environment.GetEnvironmentVariable("AMBIENT_KAFKA_BOOTSTRAP");
        if (!string.IsNullOrWhiteSpace(bootstrap))
        {
            BootstrapServers = bootstrap.Trim();
            Description = $"external Kafka at {BootstrapServers} (AMBIENT_KAFKA_BOOTSTRAP)";
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("AMBIENT_KAFKA"), "container", StringComparison.OrdinalIgnoreCase))
        {
            // The same fast background schedules the embedded test broker uses, so retention,
            // compaction and first-join tests finish in seconds rather than minutes.
            _container = new KafkaBuilder("apache/kafka:4.1.0")
                .WithEnvironment("KAFKA_LOG_RETENTION_CHECK_INTERVAL_MS", "1000")
                .WithEnvironment("KAFKA_LOG_CLEANER_BACKOFF_MS", "1000")
                .WithEnvironment("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .Build();
            await _container.StartAsync();
            BootstrapServers = _container.GetBootstrapAddress().Replace("PLAINTEXT://", string.Empty, StringComparison.Ordinal).TrimEnd('/');
            Description = $"Apache Kafka container at {BootstrapServers} (AMBIENT_KAFKA=container)";
            return;
        }

        Embedded = await EmbeddedBrokers.StartAsync(TestDirectories.Create("shared-broker"));
        BootstrapServers = Embedded.BootstrapServers;
        Description = $"embedded broker at {BootstrapServers}";
    }

    /// <summary>Skips the calling test on a real broker: it needs to restart or corrupt the broker's files.</summary>
    public void RequireEmbedded(string why)
    {
        if (Embedded is null)
        {
            Assert.Skip($"Needs the embedded broker ({why}); running against {Description}.");
        }
    }

    /// <summary>A topic or group name no other test uses.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 60)];

    /// <summary>Producer settings for tests: acks=all, idempotence on.</summary>
    public ProducerConfig ProducerConfig() => new()
    {
        BootstrapServers = BootstrapServers,
        EnableIdempotence = true,
        Acks = Acks.All,
        LingerMs = 5,
    };

    /// <summary>Consumer settings for a group; offsets stored explicitly, classic protocol pinned.</summary>
    public ConsumerConfig ConsumerConfig(string groupId) => new()
    {
        BootstrapServers = BootstrapServers,
        GroupId = groupId,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        EnableAutoCommit = false,
        GroupProtocol = GroupProtocol.Classic,
        SessionTimeoutMs = 6000,
        HeartbeatIntervalMs = 500,
        FetchWaitMaxMs = 100,
    };

    /// <summary>An admin client on the broker under test.</summary>
    public IAdminClient AdminClient() => new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers }).Build();

    /// <summary>Creates a topic and waits until it is usable.</summary>
    public async Task<string> CreateTopicAsync(string prefix, int partitions = 1, Dictionary<string, string>? configs = null)
    {
        var name = UniqueName(prefix);
        using var admin = AdminClient();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = name, NumPartitions = partitions, ReplicationFactor = 1, Configs = configs }]);
        return name;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Embedded is not null)
        {
            await Embedded.DisposeAsync();
        }

        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }
}
