using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Ambient.Abstractions.Actions;
using Ambient.Executor.Ledger;
using Confluent.Kafka;

namespace Ambient.Bench.Governance;

/// <summary>
/// Reads the actions topic and the executor's ledger as they are written, on a thread of its own, and notes when each
/// approved action appeared (by its <see cref="ActionHeaders.ApprovalId"/>) and when each action got its final ledger
/// entry (by run and operation). Times are <see cref="Stopwatch"/> timestamps of the moment the record reached this
/// reader, which polls with a 10 ms fetch wait.
/// </summary>
internal sealed class ActionWatch : IDisposable
{
    private readonly IConsumer<string?, byte[]> _consumer;
    private readonly string _actions;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _approved = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<(long At, LedgerEntry Entry)>> _final = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;

    public ActionWatch(string bootstrap, string actions, string actionResults)
    {
        _actions = actions;
        _consumer = new ConsumerBuilder<string?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap, GroupId = "bench-actions-" + Guid.NewGuid().ToString("N"), EnableAutoCommit = false, FetchWaitMaxMs = 10,
        }).Build();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        _consumer.Assign([.. new[] { actions, actionResults }.SelectMany(topic => admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics[0].Partitions
            .Select(p => new TopicPartitionOffset(topic, p.PartitionId, Offset.Beginning)))]);
        _reading = Task.Factory.StartNew(Read, TaskCreationOptions.LongRunning);
    }

    /// <summary>When the action carrying approval <paramref name="approvalId"/> was seen on the actions topic.</summary>
    public Task<long> ApprovedActionAsync(string approvalId, CancellationToken cancellationToken) =>
        Slot(_approved, approvalId).Task.WaitAsync(cancellationToken);

    /// <summary>When run <paramref name="runId"/>'s <paramref name="operation"/> got its final ledger entry, and the entry.</summary>
    public Task<(long At, LedgerEntry Entry)> FinalAsync(string runId, string operation, CancellationToken cancellationToken) =>
        Slot(_final, runId + " " + operation).Task.WaitAsync(cancellationToken);

    public void Dispose()
    {
        _stop.Cancel();
        _reading.GetAwaiter().GetResult();
        _consumer.Close();
        _consumer.Dispose();
        _stop.Dispose();
    }

    private static TaskCompletionSource<T> Slot<T>(ConcurrentDictionary<string, TaskCompletionSource<T>> slots, string key) =>
        slots.GetOrAdd(key, _ => new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously));

    private void Read()
    {
        while (!_stop.IsCancellationRequested)
        {
            if (_consumer.Consume(TimeSpan.FromMilliseconds(100)) is not { Message.Value: { } value } record)
            {
                continue;
            }

            var at = Stopwatch.GetTimestamp();
            if (record.Topic == _actions)
            {
                if (record.Message.Headers.TryGetLastBytes(ActionHeaders.ApprovalId, out var approval))
                {
                    Slot(_approved, Encoding.UTF8.GetString(approval)).TrySetResult(at);
                }
            }
            else if (LedgerEntry.TryRead(value) is { } entry && LedgerStates.IsFinal(entry.State))
            {
                Slot(_final, entry.RunId + " " + entry.Operation).TrySetResult((at, entry));
            }
        }
    }
}
