using System.Globalization;
using Ambient.Broker.Protocol;
using Ambient.Broker.Records;
using Microsoft.Win32.SafeHandles;

namespace Ambient.Broker.Storage;

/// <summary>
/// One append-only segment file (<c>{baseOffset:D20}.log</c>) of a partition and its sparse index.
/// Batches are stored exactly as producers sent them, with only the base offset and leader epoch
/// stamped. Appends come from one writer at a time (the partition lock); reads (<see cref="SegmentReader"/>)
/// use positional I/O and never block appends: they only look at bytes below the published <see cref="Size"/>.
/// </summary>
internal sealed class LogSegment : IDisposable
{
    private readonly SafeFileHandle _log;
    private readonly OffsetIndex _index;
    private readonly SegmentReader _reader;
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
        _reader = new SegmentReader(_log, _index);
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
    /// Opens an existing segment and scans its batches to rebuild the index (<see cref="SegmentRecovery"/>).
    /// When <paramref name="verifyCrc"/> is set (the active segment, which a crash may have torn), the
    /// first batch that is incomplete or fails its CRC ends the log: the file is truncated there, so
    /// garbage is never served.
    /// </summary>
    public static LogSegment Open(string directory, long baseOffset, long nowMs, int indexIntervalBytes, bool verifyCrc,
        Action<RecordBatchHeader> onBatch, out string? truncation)
    {
        var segment = new LogSegment(directory, baseOffset, nowMs, FileMode.Open);
        (segment._size, truncation) = SegmentRecovery.Recover(segment._log, segment.LogPath, baseOffset, verifyCrc, (header, position) =>
        {
            segment.Track(header, position, indexIntervalBytes);
            onBatch(header);
        });
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
    public long FindBatchPosition(long offset) => _reader.FindBatchPosition(offset, Size);

    /// <summary>
    /// Copies whole batches starting at <paramref name="position"/> into the response, up to
    /// <paramref name="maxBytes"/> but always at least one batch (KIP-74), and returns the bytes written.
    /// </summary>
    public int ReadBatches(long position, int maxBytes, KafkaWriter output) => _reader.ReadBatches(position, maxBytes, Size, output);

    /// <summary>Reads every batch of the segment in order (the cleaner and ListOffsets-by-time use it).</summary>
    public IEnumerable<(long Position, byte[] Batch)> ReadAllBatches()
    {
        // An iterator itself, so that the published size is read when the enumeration starts.
        foreach (var batch in _reader.ReadAllBatches(Size))
        {
            yield return batch;
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
}
