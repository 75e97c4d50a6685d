using System.Buffers.Binary;
using Ambient.Broker.Producers;
using Ambient.Broker.Protocol;
using Ambient.Broker.Records;

namespace Ambient.Broker.Storage;

/// <summary>
/// The log of one topic partition: an ordered list of segments, of which only the last (active) one is
/// appended to. Appends are serialized by a lock; fetches read a snapshot of the segment list without
/// it. Segments removed by retention or compaction are renamed at once and closed after
/// <c>file.delete.delay.ms</c>, so a fetch that already holds one still reads valid bytes.
/// </summary>
internal sealed class PartitionLog : IDisposable
{
    private readonly Lock _appendLock = new();
    private readonly string _directory;
    private readonly TimeProvider _time;
    private readonly List<(LogSegment Segment, long DeleteAtMs)> _retired = [];
    private readonly RecoveryPoint _recoveryPoint;
    private volatile LogSegment[] _segments;
    private TaskCompletionSource _appended = NewSignal();
    private long _unflushedMessages;
    private bool _disposed;

    private PartitionLog(string topic, int partition, string directory, TopicConfig config, TimeProvider time, LogSegment[] segments,
        ProducerStateTable producers, RecoveryPoint recoveryPoint)
    {
        _recoveryPoint = recoveryPoint;
        Producers = producers;
        Topic = topic;
        Partition = partition;
        Config = config;
        _directory = directory;
        _time = time;
        _segments = segments;
    }

    public string Topic { get; }

    public int Partition { get; }

    public TopicConfig Config { get; }

    public ProducerStateTable Producers { get; }

    public long LogStartOffset => _segments[0].BaseOffset;

    /// <summary>The log end offset; with one replica and no transactions it is also the high watermark and LSO.</summary>
    public long HighWatermark => _segments[^1].NextOffset;

    public IReadOnlyList<LogSegment> Segments => _segments;

    public long SizeInBytes => _segments.Sum(s => s.Size);

    /// <summary>
    /// Creates an empty log or loads one from disk. Segments that may not have reached the disk (the
    /// active one, and any rolled after the recovery point) are CRC-checked; the first torn or corrupt
    /// batch ends the log there.
    /// </summary>
    public static PartitionLog Open(string topic, int partition, string directory, TopicConfig config, TimeProvider time, Action<string>? onRecovery)
    {
        Directory.CreateDirectory(directory);
        var cleaning = Path.Combine(directory, ".cleaning");
        if (Directory.Exists(cleaning))
        {
            Directory.Delete(cleaning, recursive: true);
        }

        foreach (var leftover in Directory.EnumerateFiles(directory).Where(f => f.EndsWith(".deleted", StringComparison.Ordinal) || f.EndsWith(".cleaned", StringComparison.Ordinal)))
        {
            File.Delete(leftover);
        }

        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var baseOffsets = Directory.EnumerateFiles(directory, "*.log")
            .Select(path => long.TryParse(Path.GetFileNameWithoutExtension(path), out var offset) ? offset : -1)
            .Where(offset => offset >= 0)
            .Order()
            .ToList();
        var producers = new ProducerStateTable();
        var recoveryPoint = RecoveryPoint.Load(directory);
        var segments = new List<LogSegment>();
        for (var i = 0; i < baseOffsets.Count; i++)
        {
            var isLast = i == baseOffsets.Count - 1;
            var mayBeUnflushed = isLast || baseOffsets[i + 1] > recoveryPoint.Offset;
            var segment = LogSegment.Open(directory, baseOffsets[i], nowMs, config.IndexIntervalBytes, verifyCrc: mayBeUnflushed, header => producers.Update(header), out var truncation);
            segments.Add(segment);
            if (truncation is not null)
            {
                // The log must stay a prefix of what was written: later segments go with the torn one, as in Kafka.
                var later = baseOffsets.Skip(i + 1).ToList();
                foreach (var baseOffset in later)
                {
                    File.Delete(Path.Combine(directory, LogSegment.FileName(baseOffset, ".log")));
                    File.Delete(Path.Combine(directory, LogSegment.FileName(baseOffset, ".index")));
                }

                onRecovery?.Invoke(later.Count == 0 ? truncation : $"{truncation}; removed the {later.Count} later segment(s)");
                break;
            }
        }

        if (segments.Count == 0)
        {
            segments.Add(LogSegment.Create(directory, 0, nowMs));
        }

        return new PartitionLog(topic, partition, directory, config, time, [.. segments], producers, recoveryPoint);
    }

    /// <summary>Appends the validated batches of one produce partition, assigning their offsets.</summary>
    public AppendResult Append(Memory<byte> records, List<(int Position, RecordBatchHeader Header)> batches)
    {
        lock (_appendLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var first = batches[0].Header;
            var sequenceError = Producers.Check(first, out var duplicateOffset);
            if (sequenceError == ErrorCode.DuplicateSequenceNumber)
            {
                // A retry of a batch already written: answer with its original offset, write nothing.
                return new AppendResult(ErrorCode.None, duplicateOffset, -1);
            }

            if (sequenceError != ErrorCode.None)
            {
                return AppendResult.Failed(sequenceError, $"Producer {first.ProducerId} epoch {first.ProducerEpoch} sent sequence {first.BaseSequence} out of order.");
            }

            var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
            var baseOffset = HighWatermark;
            foreach (var (position, header) in batches)
            {
                var batch = records.Span.Slice(position, header.TotalSize);
                var stamped = Stamp(batch, header, HighWatermark, nowMs);
                MaybeRoll(stamped.TotalSize, nowMs);
                _segments[^1].Append(batch, stamped, Config.IndexIntervalBytes);
                Producers.Update(stamped);
                _unflushedMessages += stamped.RecordCount;
            }

            if (_unflushedMessages >= Config.FlushMessages)
            {
                _segments[^1].Flush();
                _unflushedMessages = 0;
            }

            SignalAppended();
            return new AppendResult(ErrorCode.None, baseOffset, Config.IsLogAppendTime ? nowMs : -1);
        }
    }

    /// <summary>
    /// Writes whole batches from <paramref name="offset"/> into <paramref name="output"/>, at most
    /// <paramref name="maxBytes"/> (but at least one batch), and returns how many bytes were written.
    /// </summary>
    public (ErrorCode Error, int Bytes) Read(long offset, int maxBytes, KafkaWriter output)
    {
        var segments = _segments;
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

    /// <summary>Completes once the log holds data at or beyond <paramref name="offset"/> (long-poll Fetch).</summary>
    public Task WaitForDataAsync(long offset) =>
        HighWatermark > offset || _disposed ? Task.CompletedTask : Volatile.Read(ref _appended).Task;

    /// <summary>The earliest offset whose record timestamp is at or after <paramref name="timestamp"/>, or null.</summary>
    public (long Offset, long Timestamp)? FindOffsetByTimestamp(long timestamp)
    {
        foreach (var segment in _segments)
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

    /// <summary>
    /// Retires the oldest segments while <paramref name="shouldDelete"/> says so (retention). When even the
    /// active segment qualifies, a new empty one is rolled first, as Kafka does, so a quiet topic does not
    /// keep expired records until its next produce.
    /// </summary>
    public int DeleteOldSegments(Func<LogSegment, long, bool> shouldDelete)
    {
        lock (_appendLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var segments = _segments;
            var deletable = 0;
            long remainingBytes = segments.Sum(s => s.Size);
            while (deletable < segments.Length && !segments[deletable].IsEmpty && shouldDelete(segments[deletable], remainingBytes))
            {
                remainingBytes -= segments[deletable].Size;
                deletable++;
            }

            if (deletable == segments.Length)
            {
                var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
                segments = [.. segments, LogSegment.Create(_directory, segments[^1].NextOffset, nowMs)];
            }

            if (deletable > 0)
            {
                Retire(segments[..deletable], rename: true);
                _segments = segments[deletable..];
            }

            return deletable;
        }
    }

    /// <summary>
    /// Swaps sealed segments for their compacted copies (the cleaner's commit step). Returns false, and
    /// discards the copies, when retention removed any of those segments meanwhile.
    /// </summary>
    public bool ReplaceSegments(IReadOnlyList<LogSegment> cleaned, IReadOnlyList<LogSegment> replacements)
    {
        lock (_appendLock)
        {
            var segments = _segments.ToList();
            var at = segments.IndexOf(cleaned[0]);
            var stillThere = !_disposed && at >= 0 && at + cleaned.Count <= segments.Count
                && cleaned.Select((segment, i) => segments[at + i] == segment).All(same => same);
            if (!stillThere)
            {
                foreach (var replacement in replacements)
                {
                    replacement.Dispose();
                }

                return false;
            }

            // Each rename atomically replaces the segment of the same base offset, so a crash at any
            // point leaves a mix of cleaned and uncleaned segments, both valid. Segments the cleaner
            // emptied completely are renamed away afterwards.
            foreach (var replacement in replacements)
            {
                replacement.MoveTo(_directory);
            }

            var replacedBases = replacements.Select(r => r.BaseOffset).ToHashSet();
            Retire(cleaned.Where(s => !replacedBases.Contains(s.BaseOffset)), rename: true);
            Retire(cleaned.Where(s => replacedBases.Contains(s.BaseOffset)), rename: false);

            segments.RemoveRange(at, cleaned.Count);
            segments.InsertRange(at, replacements);
            _segments = [.. segments];
            return true;
        }
    }

    /// <summary>Closes and deletes retired segments whose grace period is over.</summary>
    public void PurgeRetiredSegments(bool force = false)
    {
        var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_appendLock)
        {
            for (var i = _retired.Count - 1; i >= 0; i--)
            {
                if (force || _retired[i].DeleteAtMs <= nowMs)
                {
                    _retired[i].Segment.DeleteFiles();
                    _retired.RemoveAt(i);
                }
            }
        }
    }

    public string DirectoryPath => _directory;

    /// <summary>Forces the active segment to disk and records that the whole log is durable (clean shutdown).</summary>
    public void Flush()
    {
        lock (_appendLock)
        {
            if (!_disposed)
            {
                foreach (var segment in _segments)
                {
                    segment.Flush();
                }

                _recoveryPoint.Advance(HighWatermark);
            }
        }
    }

    public void Dispose()
    {
        lock (_appendLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var segment in _segments)
            {
                segment.Dispose();
            }

            foreach (var (segment, _) in _retired)
            {
                segment.Dispose();
            }

            _appended.TrySetResult();
        }
    }

    private RecordBatchHeader Stamp(Span<byte> batch, RecordBatchHeader header, long baseOffset, long nowMs)
    {
        BinaryPrimitives.WriteInt64BigEndian(batch, baseOffset);
        BinaryPrimitives.WriteInt32BigEndian(batch[RecordBatchHeader.PartitionLeaderEpochPosition..], 0);
        if (Config.IsLogAppendTime)
        {
            var attributes = RecordBatchHeader.WithLogAppendTime(header.Attributes);
            BinaryPrimitives.WriteInt16BigEndian(batch[RecordBatchHeader.AttributesPosition..], attributes);
            BinaryPrimitives.WriteInt64BigEndian(batch[RecordBatchHeader.MaxTimestampPosition..], nowMs);
            RecordBatchHeader.UpdateCrc(batch);
            return header with { BaseOffset = baseOffset, PartitionLeaderEpoch = 0, Attributes = attributes, MaxTimestamp = nowMs };
        }

        return header with { BaseOffset = baseOffset, PartitionLeaderEpoch = 0 };
    }

    private void MaybeRoll(int incomingBytes, long nowMs)
    {
        var active = _segments[^1];
        var full = active.Size + incomingBytes > Config.SegmentBytes;
        var old = nowMs - active.CreatedAtMs >= Config.SegmentMs;
        if (active.IsEmpty || (!full && !old))
        {
            return;
        }

        _segments = [.. _segments, LogSegment.Create(_directory, active.NextOffset, nowMs)];

        // The sealed segment is made durable in the background, as Kafka does: an fsync of a large
        // segment takes long enough to stall every producer of this partition if done here.
        _ = Task.Run(() => FlushQuietly(active));
    }

    private void FlushQuietly(LogSegment segment)
    {
        try
        {
            segment.Flush();
            _recoveryPoint.Advance(segment.NextOffset);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or IOException)
        {
            // Deleted or failing meanwhile: the write already reached the page cache; recovery covers a crash.
        }
    }

    private void Retire(IEnumerable<LogSegment> segments, bool rename)
    {
        var deleteAtMs = _time.GetUtcNow().ToUnixTimeMilliseconds() + Config.FileDeleteDelayMs;
        foreach (var segment in segments)
        {
            if (rename)
            {
                segment.MarkDeleted();
            }

            _retired.Add((segment, deleteAtMs));
        }
    }

    private void SignalAppended()
    {
        var previous = _appended;
        Volatile.Write(ref _appended, NewSignal());
        previous.TrySetResult();
    }

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

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
