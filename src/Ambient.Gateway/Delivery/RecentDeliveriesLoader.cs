using Ambient.Gateway.Configuration;
using Ambient.Kafka;
using Ambient.Kafka.Reading;
using Microsoft.Extensions.Options;

namespace Ambient.Gateway.Delivery;

/// <summary>
/// Rebuilds <see cref="RecentDeliveries"/> at start from the records of the last de-duplication window on every
/// topic the gateway writes (their ingress, CloudEvent source and id, read from headers only), so a delivery accepted
/// before a restart is still recognised after it. Kafka is the memory: nothing else to keep or back up. Retries until
/// Kafka answers; a topic that does not exist keeps the gateway not ready, with a warning naming it, rather than
/// accepting deliveries it could only answer with errors.
/// </summary>
internal sealed class RecentDeliveriesLoader(
    TopicWindowReader reader,
    RecentDeliveries recent,
    GatewayTopics topics,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<RecentDeliveriesLoader> logger) : BackgroundService
{
    private static readonly TimeSpan s_retryDelay = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var window = options.Value.Deduplication.Window;
        var names = topics.All;
        var described = string.Join(", ", names);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = time.GetUtcNow();

                // The reader blocks on the Kafka client; keep it off the thread that starts the host, and off the pool.
                var identities = await KafkaThreads.RunAsync(() => reader.ReadIdentities(names, now - window, now.AddMinutes(1), stoppingToken), stoppingToken);
                foreach (var identity in identities)
                {
                    recent.Add(DeliveryKeys.For(identity.Ingress, identity.Source, identity.Id), identity.WrittenAt <= now ? identity.WrittenAt : now);
                }

                recent.MarkReady();
                logger.Rebuilt(recent.Count, window, described);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.RebuildFailed(ex.Message);
                await Task.Delay(s_retryDelay, time, stoppingToken);
            }
        }
    }
}
