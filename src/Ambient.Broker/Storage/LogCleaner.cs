using System.Runtime.CompilerServices;
using Ambient.Broker.Records;

namespace Ambient.Broker.Storage;

/// <summary>
/// Log compaction for <c>cleanup.policy=compact</c>: keeps the latest record of every key in the sealed
/// segments (the active segment is never cleaned, as in Kafka). Offsets never change: a rewritten batch
/// keeps its base offset and last offset delta (KAFKA-5443), so a fetch at a removed offset simply
/// returns the next record. Tombstones get a delete horizon of now + <c>delete.retention.ms</c> the first
/// time they are cleaned (KIP-534) and are removed by the first cleaning after it.
/// Cleaned copies are written aside and swapped in; produce and fetch never wait for the cleaner.
/// </summary>
internal sealed class LogCleaner
{
    private readonly ConditionalWeakTable<PartitionLog, CleanerState> _states = [];

    /// <summary>Cleans the log when its dirty ratio or a passed tombstone horizon calls for it; returns bytes before and after.</summary>
    public (long Before, long After, int Segments)? Clean(PartitionLog log, long nowMs)
    {
        var segments = log.Segments;
        var config = log.Config;
        var cleanable = segments.Take(segments.Count - 1)
            .TakeWhile(s => config.MinCompactionLagMs <= 0 || s.MaxTimestamp <= nowMs - config.MinCompactionLagMs)
            .ToList();
        if (cleanable.Count == 0)
        {
            return null;
        }

        var state = _states.GetOrCreateValue(log);
        var totalBytes = cleanable.Sum(s => s.Size);
        var dirtyBytes = cleanable.Where(s => s.NextOffset > state.CleanedUpTo).Sum(s => s.Size);
        var horizonDue = state.EarliestHorizonMs <= nowMs;
        var dirtyEnough = dirtyBytes > 0 && (totalBytes == 0 || (double)dirtyBytes / totalBytes >= config.MinCleanableDirtyRatio);
        if (!dirtyEnough && !horizonDue)
        {
            return null;
        }

        var latest = BuildOffsetMap(cleanable);
        var cleaningDirectory = Path.Combine(log.DirectoryPath, ".cleaning");
        if (Directory.Exists(cleaningDirectory))
        {
            Directory.Delete(cleaningDirectory, recursive: true);
        }

        Directory.CreateDirectory(cleaningDirectory);
        var earliestHorizon = long.MaxValue;
        var replacements = new List<LogSegment>();
        for (var i = 0; i < cleanable.Count; i++)
        {
            var cleaned = CleanSegment(cleanable[i], cleaningDirectory, latest, config, nowMs, keepIfEmpty: i == 0, ref earliestHorizon);
            if (cleaned is not null)
            {
                replacements.Add(cleaned);
            }
        }

        var committed = log.ReplaceSegments(cleanable, replacements);
        Directory.Delete(cleaningDirectory, recursive: true);
        if (!committed)
        {
            return null;
        }

        state.CleanedUpTo = cleanable[^1].NextOffset;
        state.EarliestHorizonMs = earliestHorizon;
        return (totalBytes, replacements.Sum(s => s.Size), cleanable.Count);
    }

    private static Dictionary<byte[], long> BuildOffsetMap(List<LogSegment> segments)
    {
        var latest = new Dictionary<byte[], long>(ByteKeyComparer.Instance);
        foreach (var segment in segments)
        {
            foreach (var (_, batch) in segment.ReadAllBatches())
            {
                var header = RecordBatchHeader.Read(batch);
                foreach (var record in RecordBatchReader.ReadRecords(batch))
                {
                    if (record.Key is { } key)
                    {
                        latest[key.ToArray()] = header.BaseOffset + record.OffsetDelta;
                    }
                }
            }
        }

        return latest;
    }

    private static LogSegment? CleanSegment(LogSegment source, string directory, Dictionary<byte[], long> latest, TopicConfig config,
        long nowMs, bool keepIfEmpty, ref long earliestHorizon)
    {
        LogSegment? output = null;
        foreach (var (_, batch) in source.ReadAllBatches())
        {
            var header = RecordBatchHeader.Read(batch);
            var records = RecordBatchReader.ReadRecords(batch);
            long? horizon = header.HasDeleteHorizon ? header.BaseTimestamp : null;
            var kept = records.Where(r => IsRetained(r, header, latest, horizon, nowMs)).ToList();
            if (kept.Count == 0)
            {
                continue;
            }

            var hasTombstones = kept.Any(r => r.IsTombstone);
            var rewritten = kept.Count == records.Count && (!hasTombstones || horizon is not null)
                ? batch
                : Rebuild(header, kept, hasTombstones ? horizon ?? nowMs + config.DeleteRetentionMs : null);
            if (hasTombstones)
            {
                earliestHorizon = Math.Min(earliestHorizon, horizon ?? nowMs + config.DeleteRetentionMs);
            }

            output ??= LogSegment.Create(directory, source.BaseOffset, nowMs);
            output.Append(rewritten, RecordBatchHeader.Read(rewritten), config.IndexIntervalBytes);
        }

        if (output is null && keepIfEmpty)
        {
            // The first segment stays, even empty, so the log start offset does not move.
            output = LogSegment.Create(directory, source.BaseOffset, nowMs);
        }

        output?.Flush();
        return output;
    }

    private static bool IsRetained(Record record, RecordBatchHeader header, Dictionary<byte[], long> latest, long? horizon, long nowMs)
    {
        if (record.Key is not { } key)
        {
            return true;
        }

        var isLatest = latest.TryGetValue(key.ToArray(), out var offset) && offset == header.BaseOffset + record.OffsetDelta;
        return isLatest && !(record.IsTombstone && horizon <= nowMs);
    }

    private static byte[] Rebuild(RecordBatchHeader header, List<Record> kept, long? deleteHorizon)
    {
        var attributes = deleteHorizon is null
            ? (short)(header.Attributes & ~0x40)
            : RecordBatchHeader.WithDeleteHorizon(header.Attributes);
        // With a delete horizon the base timestamp field holds it and record deltas are relative to it (KIP-534).
        var baseTimestamp = deleteHorizon ?? kept.Min(r => r.Timestamp);
        return RecordBatchBuilder.Build(header.BaseOffset, header.LastOffsetDelta, baseTimestamp, attributes,
            header.ProducerId, header.ProducerEpoch, header.BaseSequence, kept,
            header.IsLogAppendTime ? header.MaxTimestamp : null);
    }

    private sealed class CleanerState
    {
        public long CleanedUpTo { get; set; }

        public long EarliestHorizonMs { get; set; } = long.MaxValue;
    }
}
