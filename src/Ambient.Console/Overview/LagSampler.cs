using System.Collections.Concurrent;
using Ambient.Kafka;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Lag;
using Ambient.Supervisor.Agents;
using Ambient.Supervisor.Runs;
using Ambient.Supervisor.Security;
using Microsoft.Extensions.Options;

namespace Ambient.Supervisor.Overview;

/// <summary>
/// Each agent's consumer-group lag, sampled every <see cref="ConsoleOptions.LagInterval"/> for the last hour, with the
/// replicas KEDA's Kafka scaler would ask for: the same computation as <c>ambient lag</c> and <c>ambient scale</c>, under
/// <see cref="ConsoleOptions.Scaler"/> (set it to your ScaledObjects'). An agent is known by its card or its runs; its
/// group is <c>ambient-agent-NAME</c>. A group Kafka cannot describe is shown as unknown and logged once.
/// </summary>
internal sealed partial class LagSampler(IOptions<AmbientKafkaOptions> kafka, ConsoleOptions options, AgentCardBoard cards, RunBoard runs, TimeProvider time,
    ILogger<LagSampler> logger) : BackgroundService
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, LagHistory> _agents = new(StringComparer.Ordinal);
    private int _failures;

    /// <summary>The agents sampled, each with its samples, oldest first.</summary>
    public IReadOnlyDictionary<string, LagHistory> Agents => _agents;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var reader = new ConsumerGroupOffsetsReader(kafka.Value);
        var settings = options.Scaler;
        using var timer = new PeriodicTimer(options.LagInterval, time);
        do
        {
            var agents = cards.Agents.Keys.Concat(runs.Runs().Select(r => r.Agent)).Distinct(StringComparer.Ordinal).ToList();
            foreach (var agent in agents)
            {
                try
                {
                    var offsets = await reader.ReadAsync($"ambient-agent-{agent}", settings.Topic, TimeSpan.FromSeconds(10), stoppingToken);
                    var decision = KedaKafkaScaler.Decide(offsets, settings);
                    _agents.GetOrAdd(agent, _ => new LagHistory()).Add(new LagSample(time.GetUtcNow(), decision.TotalLag, decision.DesiredReplicas), Window);
                }
                catch (Exception ex) when (ex is KafkaOperationException or InvalidOperationException)
                {
                    if (Interlocked.Increment(ref _failures) == 1)
                    {
                        LogUnreadable(logger, agent, ex.Message);
                    }
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lag: the consumer group of agent {Agent} cannot be read ({Reason}); its lag shows as unknown, and later failures are not logged")]
    private static partial void LogUnreadable(ILogger logger, string agent, string reason);
}

/// <summary>One sample: when, the group's total lag, and the replicas KEDA would ask for.</summary>
internal sealed record LagSample(DateTimeOffset At, long Lag, int DesiredReplicas);

/// <summary>An agent's samples within the window, oldest first; older ones are dropped as new ones come.</summary>
internal sealed class LagHistory
{
    private readonly Lock _lock = new();
    private readonly Queue<LagSample> _samples = new();

    public IReadOnlyList<LagSample> Samples
    {
        get
        {
            lock (_lock)
            {
                return [.. _samples];
            }
        }
    }

    public void Add(LagSample sample, TimeSpan window)
    {
        lock (_lock)
        {
            _samples.Enqueue(sample);
            while (_samples.Peek().At < sample.At - window)
            {
                _samples.Dequeue();
            }
        }
    }
}
