using System.Buffers.Binary;
using Ambient.Broker.Protocol;
using Ambient.Broker.Records;
using Microsoft.Win32.SafeHandles;

namespace Ambient.Broker.Storage;

/// <summary>
/// The read side of one <see cref="LogSegment"/>: positional reads of whole batches below the size the
/// segment has published (passed in by the caller). It takes no lock, so fetches never wait for appends.
/// </summary>
internal sealed class SegmentReader(SafeFileHandle log, OffsetIndex index)
{
    private const int ScanHeaderSize = 27; // up to and including lastOffsetDelta

    /// <summary>
    /// Position of the first batch whose last offset is at or after <paramref name="offset"/>, or -1
    /// when every batch below <paramref name="size"/> ends before it.
    /// </summary>
    public long FindBatchPosition(long offset, long size)
    {
        Span<byte> header = stackalloc byte[ScanHeaderSize];
        for (var position = index.FindPosition(offset); position + ScanHeaderSize <= size;)
        {
            if (!TryRead(header, position))
            {
                return -1;
            }

            var baseOffset = BinaryPrimitives.ReadInt64BigEndian(header);
            var totalSize = BinaryPrimitives.ReadInt32BigEndian(header[8..]) + RecordBatchHeader.LogOverhead;
            var lastOffsetDelta = BinaryPrimitives.ReadInt32BigEndian(header[23..]);
            if (baseOffset + lastOffsetDelta >= offset)
            {
                return position;
            }

            position += totalSize;
        }

        return -1;
    }

    /// <summary>
    /// Copies whole batches starting at <paramref name="position"/> into the response, up to
    /// <paramref name="maxBytes"/> but always at least one batch (KIP-74), and returns the bytes written.
    /// </summary>
    public int ReadBatches(long position, int maxBytes, long size, KafkaWriter output)
    {
        var available = size - position;
        if (available <= 0)
        {
            return 0;
        }

        var want = (int)Math.Min(available, Math.Max(maxBytes, RecordBatchHeader.LogOverhead));
        var target = output.GetSpan(want);
        if (!TryRead(target, position))
        {
            output.Unwrite(want);
            return 0;
        }

        var complete = CompleteBatchesLength(target);
        if (complete == 0)
        {
            // The first batch alone is larger than maxBytes: send it whole so the consumer can progress.
            var firstSize = BinaryPrimitives.ReadInt32BigEndian(target[8..]) + RecordBatchHeader.LogOverhead;
            output.Unwrite(want);
            if (firstSize > available)
            {
                return 0;
            }

            target = output.GetSpan(firstSize);
            if (!TryRead(target, position))
            {
                output.Unwrite(firstSize);
                return 0;
            }

            return firstSize;
        }

        output.Unwrite(want - complete);
        return complete;
    }

    /// <summary>Reads every batch below <paramref name="size"/> in order.</summary>
    public IEnumerable<(long Position, byte[] Batch)> ReadAllBatches(long size)
    {
        var header = new byte[RecordBatchHeader.LogOverhead];
        for (long position = 0; position + RecordBatchHeader.LogOverhead <= size;)
        {
            if (!TryRead(header, position))
            {
                yield break;
            }

            var totalSize = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(8)) + RecordBatchHeader.LogOverhead;
            var batch = new byte[totalSize];
            if (!TryRead(batch, position))
            {
                yield break;
            }

            yield return (position, batch);
            position += totalSize;
        }
    }

    private bool TryRead(Span<byte> buffer, long position)
    {
        try
        {
            return RandomAccess.Read(log, buffer, position) == buffer.Length;
        }
        catch (ObjectDisposedException)
        {
            // The segment was deleted by retention or replaced by the cleaner after the reader took its snapshot.
            return false;
        }
    }

    private static int CompleteBatchesLength(ReadOnlySpan<byte> data)
    {
        var length = 0;
        while (data.Length - length >= RecordBatchHeader.LogOverhead)
        {
            var totalSize = BinaryPrimitives.ReadInt32BigEndian(data[(length + 8)..]) + RecordBatchHeader.LogOverhead;
            if (totalSize > data.Length - length)
            {
                break;
            }

            length += totalSize;
        }

        return length;
    }
}
