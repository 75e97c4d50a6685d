using Ambient.Broker.Protocol;
using Ambient.Broker.Records;

namespace Ambient.Broker.Storage;

/// <summary>
/// The read side of a <see cref="PartitionLog"/>: queries over one snapshot of its segment list, taken
/// without the append lock. A segment retired meanwhile stays readable until its delayed delete.
/// </summary>
internal static class PartitionLogReader
{
    /// <summary>
    /// Writes whole batches from <paramref name="offset"/> into <paramref name="output"/>, at most
    /// <paramref name="maxBytes"/> (but at least one batch), and returns how many bytes were written.
    /// </summary>
    public static (ErrorCode Error, int Bytes) Read(LogSegment[] segments, long offset, int maxBytes, KafkaWriter output)
    {
        if (offset < segments[0].BaseOffset || offset > segments[^1].NextOffset)
        {
            return (ErrorCode.OffsetOutOfRange, 0);
        }

        for (var i = FindSegmentIndex(segments, offset); i < segments.Length; i++)
        {
            var position = segments[i].FindBatchPosition(offset);
            if (position >= 0)
            {
                return (ErrorCode.None, segments[i].ReadBatches(position, maxBytes, output));
            }
        }

        return (ErrorCode.None, 0);
    }

    /// <summary>The earliest offset whose record timestamp is at or after <paramref name="timestamp"/>, or null.</summary>
    public static (long Offset, long Timestamp)? FindOffsetByTimestamp(LogSegment[] segments, long timestamp)
    {
        foreach (var segment in segments)
        {
            if (segment.MaxTimestamp < timestamp)
            {
                continue;
            }

            foreach (var (_, batch) in segment.ReadAllBatches())
            {
                var header = RecordBatchHeader.Read(batch);
                if (header.MaxTimestamp < timestamp)
                {
                    continue;
                }

                if (header.IsLogAppendTime)
                {
                    return (header.BaseOffset, header.MaxTimestamp);
                }

                foreach (var record in RecordBatchReader.ReadRecords(batch))
                {
                    if (record.Timestamp >= timestamp)
                    {
                        return (header.BaseOffset + record.OffsetDelta, record.Timestamp);
                    }
                }
            }
        }

        return null;
    }

    /// <summary>Binary search for the last segment whose base offset is at or below <paramref name="offset"/>.</summary>
    private static int FindSegmentIndex(LogSegment[] segments, long offset)
    {
        int low = 0, high = segments.Length - 1, found = 0;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            if (segments[mid].BaseOffset <= offset)
            {
                found = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return found;
    }
}
