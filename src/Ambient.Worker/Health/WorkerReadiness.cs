using Ambient.Kafka.Consumers;
using Ambient.Kafka.Producers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ambient.Worker.Health;

/// <summary>
/// What <c>/readyz</c> answers: ready while the host runs, Kafka answers the worker's producer (its own connections and
/// credentials: every action goes through it), and every agent's consumer holds an assignment in its group. A worker
/// whose user may not join its group, or whose brokers are gone, says so instead of looking idle.
/// </summary>
internal sealed class WorkerReadiness(IServiceProvider services, IHostApplicationLifetime lifetime)
{
    private static readonly TimeSpan s_probeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Null when ready, else why not.</summary>
    public async Task<string?> NotReadyBecauseAsync(CancellationToken cancellationToken)
    {
        if (!lifetime.ApplicationStarted.IsCancellationRequested)
        {
            return "starting";
        }

        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return "stopping";
        }

        // Resolved per probe: the consumers are hosted services built after this one.
        var waiting = services.GetServices<IHostedService>().OfType<EventConsumerService>().Where(c => !c.HasAssignment).Select(c => c.Name).ToList();
        if (waiting.Count > 0)
        {
            return $"no group assignment yet for agent(s) {string.Join(", ", waiting)}";
        }

        var producer = services.GetRequiredService<KafkaRecordPublisher>();
        return await producer.CanReachBrokersAsync(s_probeTimeout, cancellationToken) ? null : "Kafka does not answer the producer";
    }
}
