using System.Collections.Concurrent;
using System.Diagnostics;
using Ambient.Testing;
using Confluent.Kafka;

namespace Ambient.Deployment.Tests.ScaleOut;

/// <summary>Follows the (single-partition) audit topic from the start: decisions per event id, and when each was seen.</summary>
internal sealed class AuditCounter : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, int> _perEvent = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(TimeSpan At, string EventId)> _arrivals = new();
    private readonly Stopwatch _clock;
    private readonly CancellationTokenSource _stop = new();
    private readonly string _bootstrap;
    private readonly string _topic;
    private readonly Task _loop;
    private int _total;
    private long _nextOffset;

    public AuditCounter(string bootstrap, string topic, Stopwatch clock)
    {
        (_bootstrap, _topic, _clock) = (bootstrap, topic, clock);
        _loop = Task.Run(Follow);
    }

    public int Total => Volatile.Read(ref _total);

    public IReadOnlyDictionary<string, int> PerEvent => _perEvent;

    /// <summary>Every decision seen so far, in order, with the clock's time when it was read.</summary>
    public IReadOnlyList<(TimeSpan At, string EventId)> Arrivals => [.. _arrivals];

    /// <summary>Waits until everything written so far was counted: once the workers stopped, late duplicates would show.</summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = _bootstrap, GroupId = "watermarks" }).Build();
        var end = consumer.QueryWatermarkOffsets(new TopicPartition(_topic, 0), TimeSpan.FromSeconds(10)).High.Value;
        await Eventually.UntilAsync(() => Volatile.Read(ref _nextOffset) >= end, cancellationToken);
    }

    private void Follow()
    {
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(new ConsumerConfig
        {
            BootstrapServers = _bootstrap,
            GroupId = $"audit-counter-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
            FetchWaitMaxMs = 50,
        }).Build();
        consumer.Assign(new TopicPartitionOffset(_topic, 0, Offset.Beginning));
        while (!_stop.IsCancellationRequested)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is not { Message: not null } result)
            {
                continue;
            }

            _perEvent.AddOrUpdate(AmbientRecordReader.Audit(result.Message.Value).EventId, 1, (_, n) => n + 1);
            _arrivals.Enqueue((_clock.Elapsed, AmbientRecordReader.Audit(result.Message.Value).EventId));
            Interlocked.Increment(ref _total);
            Volatile.Write(ref _nextOffset, result.Offset.Value + 1);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
