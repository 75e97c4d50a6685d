using System.Diagnostics;
using Ambient.Bench.Runtime;
using Confluent.Kafka;

namespace Ambient.Bench.Governance;

/// <summary>
/// A steady stream of github-triage events (<see cref="IssueEvents"/>: each matches the <c>documentation-fix</c> rule,
/// three tool calls) at a fixed rate, on a thread of its own until stopped; counts what the broker acknowledged.
/// </summary>
internal sealed class SteadyIssueStream : IAsyncDisposable
{
    private readonly IProducer<string?, byte[]> _producer;
    private readonly string _topic;
    private readonly int _rate;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sending;
    private long _acknowledged;
    private long _failed;

    public SteadyIssueStream(string bootstrap, string topic, int eventsPerSecond)
    {
        _producer = new ProducerBuilder<string?, byte[]>(new ProducerConfig { BootstrapServers = bootstrap, Acks = Acks.All, EnableIdempotence = true, LingerMs = 1 }).Build();
        (_topic, _rate) = (topic, eventsPerSecond);
        _sending = Task.Factory.StartNew(Send, TaskCreationOptions.LongRunning);
    }

    /// <summary>Events the broker acknowledged so far.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    /// <summary>Stops sending and waits for what was sent to be acknowledged; returns how many were.</summary>
    public async Task<long> StopAsync()
    {
        await _stop.CancelAsync();
        await _sending;
        _producer.Flush(TimeSpan.FromSeconds(30));
        return Interlocked.Read(ref _failed) == 0 ? Acknowledged : throw new InvalidOperationException($"{_failed} events of the steady stream were not acknowledged.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        await _sending;
        _producer.Dispose();
        _stop.Dispose();
    }

    private void Send()
    {
        var start = Stopwatch.GetTimestamp();
        var sent = 0;
        while (!_stop.IsCancellationRequested)
        {
            var due = (long)(Stopwatch.GetElapsedTime(start).TotalSeconds * _rate) + 1;
            for (; sent < due; sent++)
            {
                _producer.Produce(_topic, IssueEvents.Create(sent), report => Interlocked.Increment(ref report.Error.IsError ? ref _failed : ref _acknowledged));
            }

            Thread.Sleep(1);
        }
    }
}
