using System.Buffers.Binary;
using Ambient.Broker.Records;

namespace Ambient.Broker.Storage;

/// <summary>
/// Writes the fields the broker owns into a producer's batch just before it is appended: the base
/// offset, the leader epoch and, on <c>LogAppendTime</c> topics, the timestamp (which means a new CRC).
/// Everything else stays exactly as the producer sent it.
/// </summary>
internal static class BatchStamper
{
    /// <summary>Stamps <paramref name="batch"/> in place and returns its header as stored.</summary>
    public static RecordBatchHeader Stamp(Span<byte> batch, RecordBatchHeader header, long baseOffset, long nowMs, bool logAppendTime)
    {
        BinaryPrimitives.WriteInt64BigEndian(batch, baseOffset);
        BinaryPrimitives.WriteInt32BigEndian(batch[RecordBatchHeader.PartitionLeaderEpochPosition..], 0);
        if (logAppendTime)
        {
            var attributes = RecordBatchHeader.WithLogAppendTime(header.Attributes);
            BinaryPrimitives.WriteInt16BigEndian(batch[RecordBatchHeader.AttributesPosition..], attributes);
            BinaryPrimitives.WriteInt64BigEndian(batch[RecordBatchHeader.MaxTimestampPosition..], nowMs);
            RecordBatchHeader.UpdateCrc(batch);
            return header with { BaseOffset = baseOffset, PartitionLeaderEpoch = 0, Attributes = attributes, MaxTimestamp = nowMs };
        }

        return header with { BaseOffset = baseOffset, PartitionLeaderEpoch = 0 };
    }
}
