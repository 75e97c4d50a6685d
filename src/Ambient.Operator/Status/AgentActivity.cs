using System.Collections.Concurrent;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Serialization;
using Ambient.Governance.Budgets;
using Ambient.Kafka;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Lag;
using Ambient.Kafka.Reading;
using Ambient.Kafka.Topics;
using Microsoft.Extensions.Options;

namespace Ambient.Operator.Status;

/// <summary>
/// What each agent did today, for its Agent's status: runs started today and the last run (from the run heads on the
/// compacted checkpoints topic), tokens and cost today (the budget topic, as <c>ambient budget</c> reads it), and its
/// consumer group's lag (as <c>ambient lag</c>). Memory: one budget and one last run per agent, and the ids of today's runs.
/// </summary>
internal sealed partial class AgentActivity(IOptions<AmbientKafkaOptions> kafka, IOptions<AmbientTopics> topics, IRecordCodec<RunHead> heads, TimeProvider time,
    ILogger<AgentActivity> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, AgentBudget> _budgets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AgentRuns> _runs = new(StringComparer.Ordinal);
    private readonly ConsumerGroupOffsetsReader _offsets = new(kafka.Value);
    private int _unreadable;

    /// <summary>What <paramref name="agent"/> did today; zeros for an agent nothing is known of.</summary>
    public ActivityToday Of(string agent)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        // The limits hold whatever day the budget was last counted; the spending only for today.
        var known = _budgets.GetValueOrDefault(agent);
        var spent = known is { } b && b.Day == today ? b : null;
        var runs = _runs.GetValueOrDefault(agent);
        return new ActivityToday(runs?.CountOn(today) ?? 0, spent?.TokensToday ?? 0, spent?.CostTodayUsd ?? 0, runs?.Last, known?.Limits);
    }

    /// <summary>
    /// The records <paramref name="agent"/>'s consumer group has yet to read; null when Kafka cannot say. A partition the
    /// group never committed is read from its start (workers reset to earliest), so all its records wait. This is what
    /// waits, not KEDA's scaling metric, which counts such a partition as 1 whether it holds records or not.
    /// </summary>
    public async Task<long?> LagAsync(string agent, CancellationToken cancellationToken)
    {
        try
        {
            var offsets = await _offsets.ReadAsync($"ambient-agent-{agent}", null, TimeSpan.FromSeconds(10), cancellationToken);
            return offsets.Sum(p => Math.Max(0, p.End - (p.Committed ?? 0)));
        }
        catch (Exception ex) when (ex is KafkaOperationException or InvalidOperationException)
        {
            if (Interlocked.Increment(ref _unreadable) == 1)
            {
                LogLagUnreadable(logger, agent, ex.Message);
            }

            return null;
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _offsets.Dispose();
        base.Dispose();
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(
        new TopicTail(topics.Value.Budget, fromEnd: false, kafka.Value, logger).RunAsync(record =>
        {
            if (record.Value is { Length: > 0 } value && BudgetJson.TryRead<BudgetLedgerRecord>(value) is { Budget: { } budget })
            {
                _budgets[budget.Agent] = budget;
            }
        }, stoppingToken),
        new TopicTail(topics.Value.Checkpoints, fromEnd: false, kafka.Value, logger).RunAsync(ReadHead, stoppingToken));

    private void ReadHead(TailRecord record)
    {
        // Steps and tombstones say nothing a status shows: a finished run's head stays until its retention ends.
        if (record.Key is null || record.Value is not { Length: > 0 } value || CheckpointKeys.Parse(record.Key) is not (_, null))
        {
            return;
        }

        try
        {
            var head = heads.Decode(value);
            _runs.GetOrAdd(head.Agent, _ => new AgentRuns()).Add(head);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (Interlocked.Increment(ref _unreadable) == 1)
            {
                LogHeadUnreadable(logger, record.Key, ex.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Status: the consumer group of agent {Agent} cannot be read ({Reason}); its lag is left out, and later failures are not logged")]
    private static partial void LogLagUnreadable(ILogger logger, string agent, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Status: the run head {Key} cannot be read ({Reason}); it and later unreadable records are skipped")]
    private static partial void LogHeadUnreadable(ILogger logger, string key, string reason);
}

/// <summary>An agent's day: runs started, tokens and cost (against its limits, when set), and its newest run.</summary>
internal sealed record ActivityToday(long Runs, long Tokens, decimal CostUsd, RunHead? LastRun, BudgetLimits? Limits = null);

/// <summary>One agent's runs: the ids of those started on the latest day seen, and the newest head.</summary>
internal sealed class AgentRuns
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _started = new(StringComparer.Ordinal);
    private DateOnly _day;

    public RunHead? Last { get; private set; }

    public void Add(RunHead head)
    {
        var day = DateOnly.FromDateTime(head.StartedAt.UtcDateTime);
        lock (_lock)
        {
            if (day > _day)
            {
                _started.Clear();
                _day = day;
            }

            if (day == _day)
            {
                _started.Add(head.RunId);
            }

            if (Last is null || head.UpdatedAt >= Last.UpdatedAt)
            {
                Last = head;
            }
        }
    }

    public long CountOn(DateOnly day)
    {
        lock (_lock)
        {
            return day == _day ? _started.Count : 0;
        }
    }
}
