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
    private readonly TimeProvider _time;
    private readonly SegmentList _segments;
    private readonly RecoveryPoint _recoveryPoint;
    private readonly AppendSignal _appended = new();
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
        DirectoryPath = directory;
        _time = time;
        _segments = new SegmentList(directory, time, config, segments);
    }

    public string Topic { get; }

    public int Partition { get; }

    public TopicConfig Config { get; }

    public ProducerStateTable Producers { get; }

    public string DirectoryPath { get; }

    public long LogStartOffset => _segments.Snapshot[0].BaseOffset;

    /// <summary>The log end offset; with one replica and no transactions it is also the high watermark and LSO.</summary>
    public long HighWatermark => _segments.Snapshot[^1].NextOffset;

    public IReadOnlyList<LogSegment> Segments => _segments.Snapshot;

    public long SizeInBytes => _segments.Snapshot.Sum(s => s.Size);

    /// <summary>
    /// Creates an empty log or loads one from disk. Segments that may not have reached the disk (the
    /// active one, and any rolled after the recovery point) are CRC-checked; the first torn or corrupt
    /// batch ends the log there.
    /// </summary>
    public static PartitionLog Open(string topic, int partition, string directory, TopicConfig config, TimeProvider time, Action<string>? onRecovery)
    {
        var (segments, producers, recoveryPoint) = PartitionLogLoader.Load(directory, config, time, onRecovery);
        return new PartitionLog(topic, partition, directory, config, time, segments, producers, recoveryPoint);
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
                var stamped = BatchStamper.Stamp(batch, header, HighWatermark, nowMs, Config.IsLogAppendTime);
                MaybeRoll(stamped.TotalSize, nowMs);
                _segments.Snapshot[^1].Append(batch, stamped, Config.IndexIntervalBytes);
                Producers.Update(stamped);
                _unflushedMessages += stamped.RecordCount;
            }

            if (_unflushedMessages >= Config.FlushMessages)
            {
                _segments.Snapshot[^1].Flush();
                _unflushedMessages = 0;
            }

            _appended.Signal();
            return new AppendResult(ErrorCode.None, baseOffset, Config.IsLogAppendTime ? nowMs : -1);
        }
    }

    /// <summary>
    /// Writes whole batches from <paramref name="offset"/> into <paramref name="output"/>, at most
    /// <paramref name="maxBytes"/> (but at least one batch), and returns how many bytes were written.
    /// </summary>
    public (ErrorCode Error, int Bytes) Read(long offset, int maxBytes, KafkaWriter output) =>
        PartitionLogReader.Read(_segments.Snapshot, offset, maxBytes, output);

    /// <summary>Completes once the log holds data at or beyond <paramref name="offset"/> (long-poll Fetch).</summary>
    public Task WaitForDataAsync(long offset) =>
        HighWatermark > offset || _disposed ? Task.CompletedTask : _appended.NextAppend;

    /// <summary>The earliest offset whose record timestamp is at or after <paramref name="timestamp"/>, or null.</summary>
    public (long Offset, long Timestamp)? FindOffsetByTimestamp(long timestamp) =>
        PartitionLogReader.FindOffsetByTimestamp(_segments.Snapshot, timestamp);

    /// <inheritdoc cref="SegmentList.DeleteOldest"/>
    public int DeleteOldSegments(Func<LogSegment, long, bool> shouldDelete)
    {
        lock (_appendLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _segments.DeleteOldest(shouldDelete);
        }
    }

    /// <inheritdoc cref="SegmentList.TryReplace"/>
    public bool ReplaceSegments(IReadOnlyList<LogSegment> cleaned, IReadOnlyList<LogSegment> replacements)
    {
        lock (_appendLock)
        {
            return _segments.TryReplace(cleaned, replacements);
        }
    }

    /// <summary>Closes and deletes retired segments whose grace period is over.</summary>
    public void PurgeRetiredSegments(bool force = false)
    {
        var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_appendLock)
        {
            _segments.PurgeRetired(nowMs, force);
        }
    }

    /// <summary>Forces the active segment to disk and records that the whole log is durable (clean shutdown).</summary>
    public void Flush()
    {
        lock (_appendLock)
        {
            if (!_disposed)
            {
                foreach (var segment in _segments.Snapshot)
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
            _segments.Dispose();
            _appended.Close();
        }
    }

    private void MaybeRoll(int incomingBytes, long nowMs)
    {
        var active = _segments.Snapshot[^1];
        var full = active.Size + incomingBytes > Config.SegmentBytes;
        var old = nowMs - active.CreatedAtMs >= Config.SegmentMs;
        if (active.IsEmpty || (!full && !old))
        {
            return;
        }

        _segments.Roll(active, nowMs);

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
}
