using System.Buffers;
using Ambient.Broker.Records;
using Microsoft.Win32.SafeHandles;

namespace Ambient.Broker.Storage;

/// <summary>
/// The start-up scan of one segment file. A crash can tear the tail of a segment that had not reached
/// the disk, so the batches are walked from the start and the first one that is incomplete, malformed,
/// out of order or (when asked) fails its CRC ends the log: the file is truncated there, so garbage is
/// never served.
/// </summary>
internal static class SegmentRecovery
{
    /// <summary>
    /// Calls <paramref name="onBatch"/> with each valid batch and its position, in file order, truncates
    /// the file after the last one and returns the valid length with a description of what was cut
    /// (null when the whole file was valid).
    /// </summary>
    public static (long ValidBytes, string? Truncation) Recover(SafeFileHandle log, string logPath, long baseOffset, bool verifyCrc,
        Action<RecordBatchHeader, long> onBatch)
    {
        var fileSize = RandomAccess.GetLength(log);
        var headerBytes = new byte[RecordBatchHeader.Size];
        var nextOffset = baseOffset;
        long position = 0;
        string? problem = null;
        while (position < fileSize)
        {
            problem = CheckBatchAt(log, position, fileSize, headerBytes, nextOffset, verifyCrc, out var header);
            if (problem is not null)
            {
                break;
            }

            onBatch(header, position);
            nextOffset = header.NextOffset;
            position += header.TotalSize;
        }

        if (position == fileSize)
        {
            return (position, null);
        }

        RandomAccess.SetLength(log, position);
        return (position, $"truncated {fileSize - position} bytes at position {position} of {logPath}: {problem}");
    }

    private static string? CheckBatchAt(SafeFileHandle log, long position, long fileSize, byte[] headerBytes, long nextOffset, bool verifyCrc,
        out RecordBatchHeader header)
    {
        header = default;
        if (fileSize - position < RecordBatchHeader.Size)
        {
            return "incomplete batch header";
        }

        RandomAccess.Read(log, headerBytes, position);
        header = RecordBatchHeader.Read(headerBytes);
        if (header.Magic != 2 || header.BatchLength < RecordBatchHeader.Size - RecordBatchHeader.LogOverhead)
        {
            return $"not a v2 batch (magic {header.Magic}, length {header.BatchLength})";
        }

        if (header.BaseOffset < nextOffset || header.LastOffsetDelta < 0)
        {
            return $"batch offset {header.BaseOffset} goes backwards (expected at least {nextOffset})";
        }

        if (position + header.TotalSize > fileSize)
        {
            return $"batch of {header.TotalSize} bytes extends past the end of the file";
        }

        if (verifyCrc)
        {
            var batch = ArrayPool<byte>.Shared.Rent(header.TotalSize);
            try
            {
                RandomAccess.Read(log, batch.AsSpan(0, header.TotalSize), position);
                if (!RecordBatchHeader.HasValidCrc(batch.AsSpan(0, header.TotalSize)))
                {
                    return "CRC-32C mismatch";
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(batch);
            }
        }

        return null;
    }
}
