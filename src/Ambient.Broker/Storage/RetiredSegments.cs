namespace Ambient.Broker.Storage;

/// <summary>
/// Segments that retention or compaction removed from a partition's log. Their files are closed and
/// deleted only after <c>file.delete.delay.ms</c>, so a fetch that took its snapshot of the segment
/// list before the removal still reads valid bytes. Not thread-safe: the partition's append lock
/// guards every call.
/// </summary>
internal sealed class RetiredSegments(TimeProvider time, TopicConfig config) : IDisposable
{
    private readonly List<(LogSegment Segment, long DeleteAtMs)> _retired = [];

    /// <summary>
    /// Schedules <paramref name="segments"/> for deletion. With <paramref name="rename"/> their files are
    /// renamed to <c>.deleted</c> at once; without, a cleaned copy has already replaced them on disk.
    /// </summary>
    public void Retire(IEnumerable<LogSegment> segments, bool rename)
    {
        var deleteAtMs = time.GetUtcNow().ToUnixTimeMilliseconds() + config.FileDeleteDelayMs;
        foreach (var segment in segments)
        {
            if (rename)
            {
                segment.MarkDeleted();
            }

            _retired.Add((segment, deleteAtMs));
        }
    }

    /// <summary>Closes and deletes the segments whose grace period is over at <paramref name="nowMs"/> (all of them when forced).</summary>
    public void Purge(long nowMs, bool force)
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

    /// <summary>Closes the handles (the log is closing); files left behind are removed at the next start.</summary>
    public void Dispose()
    {
        foreach (var (segment, _) in _retired)
        {
            segment.Dispose();
        }
    }
}
