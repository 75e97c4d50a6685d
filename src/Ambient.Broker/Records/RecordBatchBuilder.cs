using System.Buffers.Binary;

namespace Ambient.Broker.Records;

/// <summary>
/// Encodes a v2 record batch. Used by the log cleaner to rewrite compacted batches (keeping the
/// original base offset and last offset delta, KAFKA-5443) and by tests to craft batches by hand.
/// </summary>
internal static class RecordBatchBuilder
{
    public static byte[] Build(
        long baseOffset,
        int lastOffsetDelta,
        long baseTimestamp,
        short attributes,
        long producerId,
        short producerEpoch,
        int baseSequence,
        IReadOnlyList<Record> records,
        long? maxTimestamp = null)
    {
        var body = new List<byte>(records.Count * 32);
        var recordsMaxTimestamp = -1L;
        foreach (var record in records)
        {
            var encoded = EncodeRecord(record, baseTimestamp);
            Varint.WriteInt32(body, encoded.Count);
            body.AddRange(encoded);
            recordsMaxTimestamp = Math.Max(recordsMaxTimestamp, record.Timestamp);
        }

        var compression = (CompressionType)(attributes & 0x07);
        var payload = compression == CompressionType.None
            ? body.ToArray()
            : CompressionCodecs.Compress(compression, body.ToArray());

        var batch = new byte[RecordBatchHeader.Size + payload.Length];
        var span = batch.AsSpan();
        BinaryPrimitives.WriteInt64BigEndian(span, baseOffset);
        BinaryPrimitives.WriteInt32BigEndian(span[8..], batch.Length - RecordBatchHeader.LogOverhead);
        BinaryPrimitives.WriteInt32BigEndian(span[12..], 0);
        span[RecordBatchHeader.MagicPosition] = 2;
        BinaryPrimitives.WriteInt16BigEndian(span[21..], attributes);
        BinaryPrimitives.WriteInt32BigEndian(span[23..], lastOffsetDelta);
        BinaryPrimitives.WriteInt64BigEndian(span[27..], baseTimestamp);
        BinaryPrimitives.WriteInt64BigEndian(span[35..], maxTimestamp ?? recordsMaxTimestamp);
        BinaryPrimitives.WriteInt64BigEndian(span[43..], producerId);
        BinaryPrimitives.WriteInt16BigEndian(span[51..], producerEpoch);
        BinaryPrimitives.WriteInt32BigEndian(span[53..], baseSequence);
        BinaryPrimitives.WriteInt32BigEndian(span[57..], records.Count);
        payload.CopyTo(span[RecordBatchHeader.Size..]);
        RecordBatchHeader.UpdateCrc(span);
        return batch;
    }

    private static List<byte> EncodeRecord(Record record, long baseTimestamp)
    {
        var bytes = new List<byte>(16 + (record.Key?.Length ?? 0) + (record.Value?.Length ?? 0) + record.RawHeaders.Length)
        {
            0, // record attributes: unused
        };
        Varint.WriteInt64(bytes, record.Timestamp - baseTimestamp);
        Varint.WriteInt32(bytes, record.OffsetDelta);
        WriteField(bytes, record.Key);
        WriteField(bytes, record.Value);
        if (record.RawHeaders.IsEmpty)
        {
            Varint.WriteInt32(bytes, 0);
        }
        else
        {
            bytes.AddRange(record.RawHeaders.Span);
        }

        return bytes;
    }

    private static void WriteField(List<byte> bytes, ReadOnlyMemory<byte>? field)
    {
        if (field is null)
        {
            Varint.WriteInt32(bytes, -1);
            return;
        }

        Varint.WriteInt32(bytes, field.Value.Length);
        bytes.AddRange(field.Value.Span);
    }
}
