using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using Ambient.Broker.Protocol;
using Ambient.Broker.Records;
using Microsoft.Win32.SafeHandles;

namespace Ambient.Broker.Storage;

/// <summary>
/// One append-only segment file (<c>{baseOffset:D20}.log</c>) of a partition and its sparse index.
/// Batches are stored exactly as producers sent them, with only the base offset and leader epoch
/// stamped. Appends come from one writer at a time (the partition lock); reads use positional I/O
/// and never block appends: they only look at bytes below the published <see cref="Size"/>.
/// </summary>
internal sealed class LogSegment : IDisposable
{
    private const int ScanHeaderSize = 27; // up to and including lastOffsetDelta
    private readonly SafeFileHandle _log;
    private readonly OffsetIndex _index;
    private long _size;
    private long _nextOffset;
    private long _bytesSinceIndexEntry;
    private int _disposed;

    private LogSegment(string directory, long baseOffset, long createdAtMs, FileMode mode)
    {
        BaseOffset = baseOffset;
        LogPath = System.IO.Path.Combine(directory, FileName(baseOffset, ".log"));
        _log = File.OpenHandle(LogPath, mode, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        _index = new OffsetIndex(System.IO.Path.Combine(directory, FileName(baseOffset, ".index")));
        _nextOffset = baseOffset;
        CreatedAtMs = createdAtMs;
        MaxTimestamp = -1;
    }

    public long BaseOffset { get; }

    public string LogPath { get; private set; }

    /// <summary>Bytes of complete batches readers may see.</summary>
    public long Size => Volatile.Read(ref _size);

    /// <summary>The offset after the last batch in this segment (its base offset when empty).</summary>
    public long NextOffset => Volatile.Read(ref _nextOffset);

    public long MaxTimestamp { get; private set; }

    /// <summary>When the segment was created or, after a restart, first loaded (drives <c>segment.ms</c>).</summary>
    public long CreatedAtMs { get; }

    public bool IsEmpty => Size == 0;

    public static string FileName(long baseOffset, string extension) =>
        baseOffset.ToString("D20", CultureInfo.InvariantCulture) + extension;

    public static LogSegment Create(string directory, long baseOffset, long nowMs) =>
        new(directory, baseOffset, nowMs, FileMode.CreateNew);

    /// <summary>
    /// Opens an existing segment and scans its batches to rebuild the index. When
    /// <paramref name="verifyCrc"/> is set (the active segment, which a crash may have torn), the
    /// first batch that is incomplete or fails its CRC ends the log: the file is truncated there, so
    /// garbage is never served.
    /// </summary>
    public static LogSegment Open(string directory, long baseOffset, long nowMs, int indexIntervalBytes, bool verifyCrc,
        Action<RecordBatchHeader> onBatch, out string? truncation)
    {
        var segment = new LogSegment(directory, baseOffset, nowMs, FileMode.Open);
        truncation = segment.Recover(indexIntervalBytes, verifyCrc, onBatch);
        return segment;
    }

    /// <summary>Appends one batch whose base offset is already stamped. Caller holds the partition lock.</summary>
    public void Append(ReadOnlySpan<byte> batch, in RecordBatchHeader header, int indexIntervalBytes)
    {
        var position = _size;
        RandomAccess.Write(_log, batch, position);
        Track(header, position, indexIntervalBytes);
        Volatile.Write(ref _size, position + batch.Length);
    }

    /// <summary>
    /// Position of the first batch whose last offset is at or after <paramref name="offset"/>, or -1
    /// when every batch in this segment ends before it.
    /// </summary>
    public long FindBatchPosition(long offset)
    {
        var size = Size;
        Span<byte> header = stackalloc byte[ScanHeaderSize];
        for (var position = _index.FindPosition(offset); position + ScanHeaderSize <= size;)
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
    public int ReadBatches(long position, int maxBytes, KafkaWriter output)
    {
        var available = Size - position;
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

    /// <summary>Reads every batch of the segment in order (the cleaner and ListOffsets-by-time use it).</summary>
    public IEnumerable<(long Position, byte[] Batch)> ReadAllBatches()
    {
        var size = Size;
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

    /// <summary>Forces the segment and its index to disk (on roll, on clean shutdown, or per flush.messages).</summary>
    public void Flush()
    {
        RandomAccess.FlushToDisk(_log);
        _index.Flush();
    }

    /// <summary>Moves the files into <paramref name="directory"/> (a cleaned segment taking its place in the log).</summary>
    public void MoveTo(string directory)
    {
        var logPath = System.IO.Path.Combine(directory, System.IO.Path.GetFileName(LogPath));
        File.Move(LogPath, logPath, overwrite: true);
        LogPath = logPath;
        _index.MoveTo(directory);
    }

    /// <summary>Renames the files to <c>.deleted</c> so a restart never loads them; handles stay open for readers.</summary>
    public void MarkDeleted()
    {
        foreach (var path in new[] { LogPath, _index.Path })
        {
            if (File.Exists(path))
            {
                File.Move(path, path + ".deleted", overwrite: true);
            }
        }
    }

    /// <summary>Deletes the renamed files once no reader can still be using them.</summary>
    public void DeleteFiles()
    {
        Dispose();
        foreach (var path in new[] { LogPath + ".deleted", _index.Path + ".deleted" })
        {
            File.Delete(path);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _log.Dispose();
            _index.Dispose();
        }
    }

    private void Track(in RecordBatchHeader header, long position, int indexIntervalBytes)
    {
        if (position == 0 || _bytesSinceIndexEntry >= indexIntervalBytes)
        {
            _index.Append(BaseOffset, header.BaseOffset - BaseOffset, position);
            _bytesSinceIndexEntry = 0;
        }

        _bytesSinceIndexEntry += header.TotalSize;
        MaxTimestamp = Math.Max(MaxTimestamp, header.MaxTimestamp);
        Volatile.Write(ref _nextOffset, header.NextOffset);
    }

    private string? Recover(int indexIntervalBytes, bool verifyCrc, Action<RecordBatchHeader> onBatch)
    {
        var fileSize = RandomAccess.GetLength(_log);
        var headerBytes = new byte[RecordBatchHeader.Size];
        long position = 0;
        string? problem = null;
        while (position < fileSize)
        {
            problem = CheckBatchAt(position, fileSize, headerBytes, verifyCrc, out var header);
            if (problem is not null)
            {
                break;
            }

            Track(header, position, indexIntervalBytes);
            onBatch(header);
            position += header.TotalSize;
        }

        _size = position;
        if (position == fileSize)
        {
            return null;
        }

        RandomAccess.SetLength(_log, position);
        return $"truncated {fileSize - position} bytes at position {position} of {LogPath}: {problem}";
    }

    private string? CheckBatchAt(long position, long fileSize, byte[] headerBytes, bool verifyCrc, out RecordBatchHeader header)
    {
        header = default;
        if (fileSize - position < RecordBatchHeader.Size)
        {
            return "incomplete batch header";
        }

        RandomAccess.Read(_log, headerBytes, position);
        header = RecordBatchHeader.Read(headerBytes);
        if (header.Magic != 2 || header.BatchLength < RecordBatchHeader.Size - RecordBatchHeader.LogOverhead)
        {
            return $"not a v2 batch (magic {header.Magic}, length {header.BatchLength})";
        }

        if (header.BaseOffset < NextOffset || header.LastOffsetDelta < 0)
        {
            return $"batch offset {header.BaseOffset} goes backwards (expected at least {NextOffset})";
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
                RandomAccess.Read(_log, batch.AsSpan(0, header.TotalSize), position);
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

    private bool TryRead(Span<byte> buffer, long position)
    {
        try
        {
            return RandomAccess.Read(_log, buffer, position) == buffer.Length;
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
