using System.Diagnostics;
using Ambient.Executor.Ledger;
using Confluent.Kafka;

namespace Ambient.Bench.Executor;

/// <summary>Reads the executor's ledger as it is written and notes when the last expected action got its final entry.</summary>
internal sealed class LedgerWatch : IDisposable
{
    private readonly IConsumer<string?, byte[]> _consumer;

    public LedgerWatch(string bootstrap, string topic)
    {
        _consumer = new ConsumerBuilder<string?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap, GroupId = "bench-ledger-" + Guid.NewGuid().ToString("N"), EnableAutoCommit = false, FetchWaitMaxMs = 10,
        }).Build();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics[0].Partitions;
        _consumer.Assign(partitions.Select(p => new TopicPartitionOffset(topic, p.PartitionId, Offset.Beginning)));
    }

    /// <summary>The <see cref="Stopwatch"/> timestamp at which <paramref name="count"/> actions had a final entry (each failed one throws).</summary>
    public Task<long> WaitForFinalAsync(int count, CancellationToken cancellationToken) => Task.Run(() =>
    {
        var final = 0;
        while (final < count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_consumer.Consume(TimeSpan.FromMilliseconds(100)) is not { Message.Value: { } value } || LedgerEntry.TryRead(value) is not { } entry || !LedgerStates.IsFinal(entry.State))
            {
                continue;
            }

            if (entry.State != LedgerStates.Applied)
            {
                throw new InvalidOperationException($"The executor did not apply {entry.ActionId}: {entry.State}, {entry.Reason}");
            }

            final++;
        }

        return Stopwatch.GetTimestamp();
    }, cancellationToken);

    public void Dispose()
    {
        _consumer.Close();
        _consumer.Dispose();
    }
}
