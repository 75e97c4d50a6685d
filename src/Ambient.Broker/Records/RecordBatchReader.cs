namespace Ambient.Broker.Records;

/// <summary>
/// Decodes the records of one v2 batch (decompressing when needed) and validates their structure,
/// so a batch that passed its CRC but lies about its contents is still refused.
/// </summary>
internal static class RecordBatchReader
{
    public static List<Record> ReadRecords(ReadOnlyMemory<byte> batch)
    {
        if (batch.Length < RecordBatchHeader.Size)
        {
            throw new CorruptRecordException($"Batch of {batch.Length} bytes is shorter than its header.");
        }

        var header = RecordBatchHeader.Read(batch.Span);
        if (header.TotalSize != batch.Length)
        {
            throw new CorruptRecordException($"Batch length field says {header.TotalSize} bytes but {batch.Length} were given.");
        }

        if (header.RecordCount < 0 || header.LastOffsetDelta < 0)
        {
            throw new CorruptRecordException($"Batch has record count {header.RecordCount} and last offset delta {header.LastOffsetDelta}.");
        }

        var payload = batch[RecordBatchHeader.Size..];
        var records = header.Compression == CompressionType.None
            ? payload
            : CompressionCodecs.Decompress(header.Compression, payload.Span);
        return ParseRecords(header, records);
    }

    private static List<Record> ParseRecords(RecordBatchHeader header, ReadOnlyMemory<byte> data)
    {
        // Each record takes at least 7 bytes, so a count beyond that is a lie, not an allocation request.
        if (header.RecordCount > data.Length / 7 + 1)
        {
            throw new CorruptRecordException($"Batch claims {header.RecordCount} records in {data.Length} bytes.");
        }

        var records = new List<Record>(header.RecordCount);
        var span = data.Span;
        var position = 0;
        for (var i = 0; i < header.RecordCount; i++)
        {
            var length = Varint.ReadInt32(span, ref position);
            if (length < 0 || length > span.Length - position)
            {
                throw new CorruptRecordException($"Record {i} has length {length} but {span.Length - position} bytes remain.");
            }

            var end = position + length;
            records.Add(ParseRecord(header, data, ref position, end));
            if (position != end)
            {
                throw new CorruptRecordException($"Record {i} declares {length} bytes but its fields use {length - (end - position)}.");
            }
        }

        if (position != span.Length)
        {
            throw new CorruptRecordException($"{span.Length - position} unexpected bytes after the last record.");
        }

        return records;
    }

    private static Record ParseRecord(RecordBatchHeader header, ReadOnlyMemory<byte> data, ref int position, int end)
    {
        var span = data.Span[..end];
        position++; // record attributes: unused
        var timestampDelta = Varint.ReadInt64(span, ref position);
        var offsetDelta = Varint.ReadInt32(span, ref position);
        if (offsetDelta < 0 || offsetDelta > header.LastOffsetDelta)
        {
            throw new CorruptRecordException($"Record offset delta {offsetDelta} is outside 0..{header.LastOffsetDelta}.");
        }

        var key = ReadField(data, span, ref position);
        var value = ReadField(data, span, ref position);
        var headersStart = position;
        var headerCount = Varint.ReadInt32(span, ref position);
        if (headerCount < 0)
        {
            throw new CorruptRecordException($"Negative header count {headerCount}.");
        }

        for (var h = 0; h < headerCount; h++)
        {
            if (ReadField(data, span, ref position) is null)
            {
                throw new CorruptRecordException("Record header key is null.");
            }

            ReadField(data, span, ref position);
        }

        return new Record(offsetDelta, header.BaseTimestamp + timestampDelta, key, value, data[headersStart..position]);
    }

    private static ReadOnlyMemory<byte>? ReadField(ReadOnlyMemory<byte> data, ReadOnlySpan<byte> span, ref int position)
    {
        var length = Varint.ReadInt32(span, ref position);
        if (length == -1)
        {
            return null;
        }

        if (length < -1 || length > span.Length - position)
        {
            throw new CorruptRecordException($"Record field length {length} exceeds the {span.Length - position} bytes left.");
        }

        var field = data.Slice(position, length);
        position += length;
        return field;
    }
}
