using Ambient.Broker.Protocol;
using Ambient.Broker.Records;

namespace Ambient.Broker.Storage;

/// <summary>
/// Splits the records of one produce partition into batches and validates each before anything is
/// written: framing, magic 2, CRC-32C, size limit, decodable records with sequential offsets, and keys
/// on compacted topics. A partition's records are written all or nothing.
/// </summary>
internal static class ProducedBatches
{
    public static ErrorCode Validate(ReadOnlyMemory<byte> records, TopicConfig config, List<(int Position, RecordBatchHeader Header)> batches, out string? message)
    {
        batches.Clear();
        message = null;
        if (records.IsEmpty)
        {
            message = "Produce request carried no record batches.";
            return ErrorCode.InvalidRecord;
        }

        for (var position = 0; position < records.Length;)
        {
            var error = ValidateBatch(records[position..], config, out var header, out message);
            if (error != ErrorCode.None)
            {
                return error;
            }

            batches.Add((position, header));
            position += header.TotalSize;
        }

        return ErrorCode.None;
    }

    private static ErrorCode ValidateBatch(ReadOnlyMemory<byte> data, TopicConfig config, out RecordBatchHeader header, out string? message)
    {
        header = default;
        if (data.Length < RecordBatchHeader.Size)
        {
            message = $"Truncated record batch: {data.Length} bytes is shorter than the {RecordBatchHeader.Size}-byte header.";
            return ErrorCode.CorruptMessage;
        }

        header = RecordBatchHeader.Read(data.Span);
        if (header.Magic != 2)
        {
            message = $"Record batch magic {header.Magic} is not supported; only magic 2 (Kafka 0.11+) is accepted.";
            return ErrorCode.UnsupportedForMessageFormat;
        }

        if (header.BatchLength < RecordBatchHeader.Size - RecordBatchHeader.LogOverhead || header.TotalSize > data.Length)
        {
            message = $"Record batch length {header.BatchLength} does not fit the {data.Length} bytes sent.";
            return ErrorCode.CorruptMessage;
        }

        var batch = data[..header.TotalSize];
        if (!RecordBatchHeader.HasValidCrc(batch.Span))
        {
            message = "Record batch CRC-32C does not match its contents.";
            return ErrorCode.CorruptMessage;
        }

        if (header.TotalSize > config.MaxMessageBytes)
        {
            message = $"Record batch of {header.TotalSize} bytes exceeds max.message.bytes {config.MaxMessageBytes}.";
            return ErrorCode.MessageTooLarge;
        }

        if (header.IsTransactional || header.IsControl)
        {
            message = "Transactional and control batches are not supported by the embedded broker.";
            return ErrorCode.InvalidRecord;
        }

        return ValidateRecords(batch, header, config, out message);
    }

    private static ErrorCode ValidateRecords(ReadOnlyMemory<byte> batch, RecordBatchHeader header, TopicConfig config, out string? message)
    {
        List<Record> records;
        try
        {
            records = RecordBatchReader.ReadRecords(batch);
        }
        catch (CorruptRecordException ex)
        {
            message = ex.Message;
            return ErrorCode.CorruptMessage;
        }

        if (records.Count == 0 || header.LastOffsetDelta != records.Count - 1)
        {
            message = $"Record batch has {records.Count} records but last offset delta {header.LastOffsetDelta}.";
            return ErrorCode.InvalidRecord;
        }

        for (var i = 0; i < records.Count; i++)
        {
            if (records[i].OffsetDelta != i)
            {
                message = $"Record {i} has offset delta {records[i].OffsetDelta}; inner offsets must be sequential.";
                return ErrorCode.InvalidRecord;
            }

            if (config.IsCompacted && records[i].Key is null)
            {
                message = "Compacted topic cannot accept a record without a key.";
                return ErrorCode.InvalidRecord;
            }
        }

        message = null;
        return ErrorCode.None;
    }
}
