using Confluent.Kafka;

namespace Ambient.Bench.Runtime;

/// <summary>
/// Which consumed records have had all their outputs acknowledged, per partition, so the bare loop stores only
/// contiguous offsets (acknowledgements for different output partitions can arrive out of order). Tracking
/// and storing happen on the poll thread; delivery handlers only count down.
/// </summary>
internal sealed class PartitionProgress
{
    private readonly Dictionary<TopicPartition, Queue<Pending>> _inFlight = [];

    public Pending Track(TopicPartitionOffset record, int outputs)
    {
        if (!_inFlight.TryGetValue(record.TopicPartition, out var queue))
        {
            _inFlight[record.TopicPartition] = queue = new Queue<Pending>();
        }

        var pending = new Pending(record.Offset.Value, outputs);
        queue.Enqueue(pending);
        return pending;
    }

    /// <summary>Stores, per partition, the offset after the last record whose outputs and predecessors' outputs are all acknowledged.</summary>
    public void StoreCompleted(IConsumer<string?, byte[]> consumer)
    {
        foreach (var (partition, queue) in _inFlight)
        {
            long last = -1;
            while (queue.TryPeek(out var head) && head.IsDone)
            {
                last = head.Offset;
                queue.Dequeue();
            }

            if (last >= 0)
            {
                consumer.StoreOffset(new TopicPartitionOffset(partition, last + 1));
            }
        }
    }

    /// <summary>One consumed record and how many of its outputs are still unacknowledged.</summary>
    public sealed class Pending(long offset, int outputs)
    {
        private int _remaining = outputs;

        public long Offset => offset;

        public bool IsDone => Volatile.Read(ref _remaining) == 0;

        public void Delivered() => Interlocked.Decrement(ref _remaining);
    }
}
