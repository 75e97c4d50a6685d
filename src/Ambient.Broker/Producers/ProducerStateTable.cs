using Ambient.Broker.Protocol;
using Ambient.Broker.Records;

namespace Ambient.Broker.Producers;

/// <summary>
/// Per-partition state of idempotent producers: the epoch and the last five batches of each producer
/// id, as Kafka keeps them (<c>ProducerStateEntry.NUM_BATCHES_TO_RETAIN</c>). A retried batch that was
/// already written is answered with its original offset instead of being written twice; a gap in the
/// sequence is refused. Rebuilt from batch headers when the log is loaded.
/// Guarded by the owning partition's append lock.
/// </summary>
internal sealed class ProducerStateTable
{
    private const int BatchesToRetain = 5;
    private readonly Dictionary<long, ProducerEntry> _producers = [];

    public int Count => _producers.Count;

    /// <summary>Checks a batch against the producer's sequence; <paramref name="duplicateOffset"/> is set for retries.</summary>
    public ErrorCode Check(in RecordBatchHeader batch, out long duplicateOffset)
    {
        duplicateOffset = -1;
        if (!batch.HasProducerId || !_producers.TryGetValue(batch.ProducerId, out var entry))
        {
            // Unknown producers are accepted at any sequence, as Kafka does since KIP-360, so state lost
            // to retention or compaction does not fence a live producer.
            return ErrorCode.None;
        }

        if (batch.ProducerEpoch < entry.Epoch)
        {
            return ErrorCode.InvalidProducerEpoch;
        }

        if (batch.ProducerEpoch > entry.Epoch)
        {
            return batch.BaseSequence == 0 ? ErrorCode.None : ErrorCode.OutOfOrderSequenceNumber;
        }

        foreach (var cached in entry.Batches)
        {
            if (cached.FirstSequence == batch.BaseSequence && cached.LastSequence == batch.LastSequence)
            {
                duplicateOffset = cached.FirstOffset;
                return ErrorCode.DuplicateSequenceNumber;
            }
        }

        var last = entry.Batches.Count == 0 ? -1 : entry.Batches.Last().LastSequence;
        var expected = last == int.MaxValue ? 0 : last + 1;
        return batch.BaseSequence == expected ? ErrorCode.None : ErrorCode.OutOfOrderSequenceNumber;
    }

    /// <summary>Records a batch that was appended (or found while loading the log).</summary>
    public void Update(in RecordBatchHeader batch)
    {
        if (!batch.HasProducerId)
        {
            return;
        }

        if (!_producers.TryGetValue(batch.ProducerId, out var entry) || batch.ProducerEpoch > entry.Epoch)
        {
            entry = new ProducerEntry(batch.ProducerEpoch);
            _producers[batch.ProducerId] = entry;
        }

        entry.Batches.Enqueue(new CachedBatch(batch.BaseSequence, batch.LastSequence, batch.BaseOffset));
        if (entry.Batches.Count > BatchesToRetain)
        {
            entry.Batches.Dequeue();
        }
    }

    /// <summary>The largest producer id seen, so allocation after a restart never reuses one.</summary>
    public long MaxProducerId => _producers.Count == 0 ? -1 : _producers.Keys.Max();

    private sealed class ProducerEntry(short epoch)
    {
        public short Epoch { get; } = epoch;

        public Queue<CachedBatch> Batches { get; } = new();
    }

    private readonly record struct CachedBatch(int FirstSequence, int LastSequence, long FirstOffset);
}
