using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace Ambient.Broker.Storage;

/// <summary>
/// Sparse offset index of one segment: an entry (offset relative to the segment base, file position)
/// every <c>index.interval.bytes</c> of log, kept in memory for lookups and appended to the segment's
/// <c>.index</c> file in Kafka's 8-byte layout. Readers search it without locks: the writer publishes
/// the array before the count.
/// </summary>
internal sealed class OffsetIndex : IDisposable
{
    private const int EntrySize = 8;
    private readonly SafeFileHandle _file;
    private (long Offset, long Position)[] _entries = new (long, long)[16];
    private int _count;

    public OffsetIndex(string path)
    {
        Path = path;
        _file = File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
    }

    public string Path { get; private set; }

    public int Count => Volatile.Read(ref _count);

    public void Append(long baseOffset, long relativeOffset, long position)
    {
        if (_count == _entries.Length)
        {
            var bigger = new (long, long)[_entries.Length * 2];
            _entries.AsSpan().CopyTo(bigger);
            _entries = bigger;
        }

        _entries[_count] = (baseOffset + relativeOffset, position);
        Span<byte> entry = stackalloc byte[EntrySize];
        BinaryPrimitives.WriteInt32BigEndian(entry, checked((int)relativeOffset));
        BinaryPrimitives.WriteInt32BigEndian(entry[4..], checked((int)position));
        RandomAccess.Write(_file, entry, (long)_count * EntrySize);
        Volatile.Write(ref _count, _count + 1);
    }

    /// <summary>File position of the last indexed batch starting at or before <paramref name="offset"/>.</summary>
    public long FindPosition(long offset)
    {
        var count = Volatile.Read(ref _count);
        var entries = _entries;
        int low = 0, high = count - 1;
        long position = 0;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            if (entries[mid].Offset <= offset)
            {
                position = entries[mid].Position;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return position;
    }

    public void MoveTo(string directory)
    {
        var path = System.IO.Path.Combine(directory, System.IO.Path.GetFileName(Path));
        File.Move(Path, path, overwrite: true);
        Path = path;
    }

    public void Flush() => RandomAccess.FlushToDisk(_file);

    public void Dispose() => _file.Dispose();
}
