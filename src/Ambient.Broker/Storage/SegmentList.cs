namespace Ambient.Broker.Storage;

/// <summary>
/// The segments of one partition, oldest first. The array is never changed in place but swapped for a
/// new one, so fetches read a snapshot without a lock; every change is made by the holder of the
/// partition's append lock. Removed segments go to <see cref="RetiredSegments"/>, not straight to disk.
/// </summary>
internal sealed class SegmentList(string directory, TimeProvider time, TopicConfig config, LogSegment[] segments) : IDisposable
{
    private readonly RetiredSegments _retired = new(time, config);
    private volatile LogSegment[] _segments = segments;
    private bool _disposed;

    /// <summary>The current segments; the last one is the active segment appends go to.</summary>
    public LogSegment[] Snapshot => _segments;

    /// <summary>Starts a new active segment after the current one (which becomes sealed).</summary>
    public void Roll(LogSegment active, long nowMs) =>
        _segments = [.. _segments, LogSegment.Create(directory, active.NextOffset, nowMs)];

    /// <summary>
    /// Retires the oldest segments while <paramref name="shouldDelete"/> says so (retention). When even the
    /// active segment qualifies, a new empty one is rolled first, as Kafka does, so a quiet topic does not
    /// keep expired records until its next produce.
    /// </summary>
    public int DeleteOldest(Func<LogSegment, long, bool> shouldDelete)
    {
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
            var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
            segments = [.. segments, LogSegment.Create(directory, segments[^1].NextOffset, nowMs)];
        }

        if (deletable > 0)
        {
            _retired.Retire(segments[..deletable], rename: true);
            _segments = segments[deletable..];
        }

        return deletable;
    }

    /// <summary>
    /// Swaps sealed segments for their compacted copies (the cleaner's commit step). Returns false, and
    /// discards the copies, when retention removed any of those segments meanwhile or the log closed.
    /// </summary>
    public bool TryReplace(IReadOnlyList<LogSegment> cleaned, IReadOnlyList<LogSegment> replacements)
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
            replacement.MoveTo(directory);
        }

        var replacedBases = replacements.Select(r => r.BaseOffset).ToHashSet();
        _retired.Retire(cleaned.Where(s => !replacedBases.Contains(s.BaseOffset)), rename: true);
        _retired.Retire(cleaned.Where(s => replacedBases.Contains(s.BaseOffset)), rename: false);

        segments.RemoveRange(at, cleaned.Count);
        segments.InsertRange(at, replacements);
        _segments = [.. segments];
        return true;
    }

    /// <summary>Closes and deletes retired segments whose grace period is over at <paramref name="nowMs"/>.</summary>
    public void PurgeRetired(long nowMs, bool force) => _retired.Purge(nowMs, force);

    public void Dispose()
    {
        _disposed = true;
        foreach (var segment in _segments)
        {
            segment.Dispose();
        }

        _retired.Dispose();
    }
}
