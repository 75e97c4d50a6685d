using Ambient.Kafka.Configuration;
using Ambient.Kafka.Internal;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ambient.Kafka.Health;

/// <summary>
/// Whether the brokers answer a metadata request, for readiness probes. Keeps one admin client (its connections
/// are reused between probes) and remembers the last answer briefly so probes cannot flood the brokers.
/// </summary>
public sealed class KafkaConnectivity : IDisposable
{
    private static readonly TimeSpan s_remember = TimeSpan.FromSeconds(1);
    private readonly Lazy<IAdminClient> _admin;
    private readonly TimeProvider _time;
    private (DateTimeOffset At, bool Reachable)? _last;

    /// <summary>Probes through an admin client of its own, made from the <c>Admin</c> settings.</summary>
    public KafkaConnectivity(IOptions<AmbientKafkaOptions> options, ILogger<KafkaConnectivity> logger, TimeProvider time)
        : this(() => KafkaClientConfigs.Build("Admin", () => new AdminClientBuilder(KafkaClientConfigs.Admin(options.Value))
            .SetLogHandler((_, message) => logger.ClientMessage(message))
            .SetErrorHandler((_, error) => logger.ClientError(error))
            .Build()), time)
    {
    }

    /// <summary>Probes through <paramref name="admin"/>, e.g. one sharing a producer's connections and credentials.</summary>
    internal KafkaConnectivity(Func<IAdminClient> admin, TimeProvider time)
    {
        _admin = new Lazy<IAdminClient>(admin);
        _time = time;
    }

    /// <summary>True when a broker answered within <paramref name="timeout"/> (or did less than a second ago).</summary>
    public async Task<bool> CanReachBrokersAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_last is { } last && _time.GetUtcNow() - last.At < s_remember)
        {
            return last.Reachable;
        }

        // GetMetadata blocks on librdkafka; keep it off the request thread and the pool.
        var reachable = await KafkaThreads.RunAsync(() =>
        {
            try
            {
                return _admin.Value.GetMetadata(timeout).Brokers.Count > 0;
            }
            catch (KafkaException)
            {
                return false;
            }
        }, cancellationToken);
        _last = (_time.GetUtcNow(), reachable);
        return reachable;
    }

    /// <summary>Closes the admin client.</summary>
    public void Dispose()
    {
        if (_admin.IsValueCreated)
        {
            _admin.Value.Dispose();
        }
    }
}
