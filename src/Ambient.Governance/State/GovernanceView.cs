using Ambient.Kafka.Configuration;
using Ambient.Kafka.Reading;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ambient.Governance.State;

/// <summary>
/// Follows the governance topic for one host (a worker, an executor): reads it whole at start, then every record as it
/// is written, so a policy applied with <c>ambient policy apply</c> is in force here within a poll (200 ms) without a
/// restart. Every replica reads all of it; nothing is committed.
/// </summary>
public sealed partial class GovernanceView(string topic, AmbientKafkaOptions kafka, GovernanceState state, ILogger<GovernanceView> logger) : BackgroundService
{
    private readonly TopicTail _tail = new(topic, fromEnd: false, kafka, logger);

    /// <summary>The state this view keeps current.</summary>
    public GovernanceState State => state;

    /// <summary>Completes once every record present at start was applied: before it, no policy is known to be in force.</summary>
    public Task CaughtUp => _tail.CaughtUp;

    /// <summary>
    /// Returns when <paramref name="agent"/> is not paused (neither on its own nor with every agent), once the topic was
    /// read whole; waits through pauses, however long, until <paramref name="cancellationToken"/>.
    /// </summary>
    public async ValueTask WaitUntilRunningAsync(string agent, CancellationToken cancellationToken)
    {
        await CaughtUp.WaitAsync(cancellationToken);
        while (true)
        {
            // Read the signal before the state: a change between the two completes it, so no resume is missed.
            var changed = state.Changed;
            if (state.Current.PauseOf(agent) is null)
            {
                return;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Whether <paramref name="agent"/> is paused now, as far as this view has read.</summary>
    public bool IsPaused(string agent) => state.Current.PauseOf(agent) is not null;

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _tail.RunAsync(Apply, stoppingToken);

    private void Apply(TailRecord record)
    {
        if (state.Apply(record.Key, record.Value) is { } problem)
        {
            LogNotApplied(logger, topic, problem);
        }
        else if (logger.IsEnabled(LogLevel.Information))
        {
            var current = state.Current;
            var paused = string.Join(", ", current.Pauses.Keys.Order(StringComparer.Ordinal));
            LogApplied(logger, record.Key, current.Policies.Version, paused);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A record of {Topic} was not applied; what it would have replaced stays in force: {Problem}")]
    private static partial void LogNotApplied(ILogger logger, string topic, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Governance: {Key} applied; policy set version {Version}, paused: [{Paused}]")]
    private static partial void LogApplied(ILogger logger, string? key, string version, string paused);
}
