using System.Buffers.Binary;
using System.Text;
using Ambient.Broker.Records;

namespace Ambient.Broker.Groups;

/// <summary>
/// Committed offsets of every group, kept in memory and appended to <c>{data}/groups/offsets.log</c>
/// as CRC-protected entries, so they survive restarts; a torn last entry is dropped on load. The file
/// is rewritten as a snapshot when it grows well beyond the live entries (our own small compaction).
/// </summary>
internal sealed class OffsetStore : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Dictionary<(string Topic, int Partition), CommittedOffset>> _groups = new(StringComparer.Ordinal);
    private readonly string _path;
    private FileStream _file;
    private long _entriesInFile;

    public OffsetStore(string dataDirectory)
    {
        var directory = Path.Combine(dataDirectory, "groups");
        Directory.CreateDirectory(directory);
        _path = Path.Combine(directory, "offsets.log");
        Load();
        _file = OpenForAppend();
    }

    public IReadOnlyCollection<string> GroupIds
    {
        get
        {
            lock (_lock)
            {
                return [.. _groups.Keys];
            }
        }
    }

    public void Commit(string group, IReadOnlyList<(string Topic, int Partition, CommittedOffset Offset)> offsets)
    {
        lock (_lock)
        {
            foreach (var (topic, partition, offset) in offsets)
            {
                Apply(group, topic, partition, offset);
                Append(group, topic, partition, offset);
            }

            _file.Flush();
            MaybeCompact();
        }
    }

    public CommittedOffset? Get(string group, string topic, int partition)
    {
        lock (_lock)
        {
            return _groups.TryGetValue(group, out var offsets) && offsets.TryGetValue((topic, partition), out var offset) ? offset : null;
        }
    }

    public List<(string Topic, int Partition, CommittedOffset Offset)> GetAll(string group)
    {
        lock (_lock)
        {
            return _groups.TryGetValue(group, out var offsets)
                ? [.. offsets.OrderBy(o => o.Key.Topic, StringComparer.Ordinal).ThenBy(o => o.Key.Partition).Select(o => (o.Key.Topic, o.Key.Partition, o.Value))]
                : [];
        }
    }

    public bool HasOffsets(string group)
    {
        lock (_lock)
        {
            return _groups.ContainsKey(group);
        }
    }

    /// <summary>Drops every group's offsets for a deleted topic, as Kafka does.</summary>
    public void RemoveTopic(string topic)
    {
        lock (_lock)
        {
            foreach (var (group, offsets) in _groups.ToList())
            {
                foreach (var key in offsets.Keys.Where(k => k.Topic == topic).ToList())
                {
                    offsets.Remove(key);
                    Append(group, key.Topic, key.Partition, Tombstone);
                }

                if (offsets.Count == 0)
                {
                    _groups.Remove(group);
                }
            }

            _file.Flush();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _file.Flush(flushToDisk: true);
            _file.Dispose();
        }
    }

    private static CommittedOffset Tombstone => new(-1, -1, null, -1);

    private void Apply(string group, string topic, int partition, CommittedOffset offset)
    {
        if (offset.Offset < 0)
        {
            if (_groups.TryGetValue(group, out var existing) && existing.Remove((topic, partition)) && existing.Count == 0)
            {
                _groups.Remove(group);
            }

            return;
        }

        if (!_groups.TryGetValue(group, out var offsets))
        {
            offsets = [];
            _groups[group] = offsets;
        }

        offsets[(topic, partition)] = offset;
    }

    private void Append(string group, string topic, int partition, CommittedOffset offset)
    {
        _file.Write(Encode(group, topic, partition, offset));
        _entriesInFile++;
    }

    private void MaybeCompact()
    {
        var live = _groups.Values.Sum(g => g.Count);
        if (_entriesInFile < 10_000 || _entriesInFile < live * 4)
        {
            return;
        }

        var snapshot = _path + ".snapshot";
        using (var output = new FileStream(snapshot, FileMode.Create, FileAccess.Write))
        {
            foreach (var (group, offsets) in _groups)
            {
                foreach (var ((topic, partition), offset) in offsets)
                {
                    output.Write(Encode(group, topic, partition, offset));
                }
            }

            output.Flush(flushToDisk: true);
        }

        _file.Dispose();
        File.Move(snapshot, _path, overwrite: true);
        _file = OpenForAppend();
        _entriesInFile = live;
    }

    private FileStream OpenForAppend() => new(_path, FileMode.Append, FileAccess.Write, FileShare.Read);

    private void Load()
    {
        if (!File.Exists(_path))
        {
            return;
        }

        var data = File.ReadAllBytes(_path);
        var position = 0;
        while (TryDecode(data, ref position, out var entry))
        {
            Apply(entry.Group, entry.Topic, entry.Partition, entry.Offset);
            _entriesInFile++;
        }

        if (position < data.Length)
        {
            // A torn final entry from a crash: cut it off so new entries follow valid ones.
            using var file = new FileStream(_path, FileMode.Open, FileAccess.Write);
            file.SetLength(position);
        }
    }

    private static byte[] Encode(string group, string topic, int partition, CommittedOffset offset)
    {
        var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(group);
            writer.Write(topic);
            writer.Write(partition);
            writer.Write(offset.Offset);
            writer.Write(offset.LeaderEpoch);
            writer.Write(offset.Metadata is not null);
            writer.Write(offset.Metadata ?? string.Empty);
            writer.Write(offset.CommitTimestamp);
        }

        var body = payload.ToArray();
        var entry = new byte[8 + body.Length];
        BinaryPrimitives.WriteInt32LittleEndian(entry, body.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(4), Crc32C.Compute(body));
        body.CopyTo(entry, 8);
        return entry;
    }

    private static bool TryDecode(byte[] data, ref int position, out (string Group, string Topic, int Partition, CommittedOffset Offset) entry)
    {
        entry = default;
        if (data.Length - position < 8)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(position));
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(position + 4));
        if (length < 0 || length > data.Length - position - 8 || Crc32C.Compute(data.AsSpan(position + 8, length)) != crc)
        {
            return false;
        }

        using var reader = new BinaryReader(new MemoryStream(data, position + 8, length), Encoding.UTF8);
        var group = reader.ReadString();
        var topic = reader.ReadString();
        var partition = reader.ReadInt32();
        var offset = reader.ReadInt64();
        var epoch = reader.ReadInt32();
        var hasMetadata = reader.ReadBoolean();
        var metadata = reader.ReadString();
        var timestamp = reader.ReadInt64();
        entry = (group, topic, partition, new CommittedOffset(offset, epoch, hasMetadata ? metadata : null, timestamp));
        position += 8 + length;
        return true;
    }
}
