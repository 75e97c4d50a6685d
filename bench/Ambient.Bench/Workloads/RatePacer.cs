using System.Diagnostics;

namespace Ambient.Bench.Workloads;

/// <summary>
/// Paces a sender at a fixed rate without spinning: it tells how many sends are due by now and sleeps
/// about a millisecond between rounds, so at 1000 records/s a record leaves roughly every millisecond.
/// </summary>
internal sealed class RatePacer
{
    private readonly long _start;
    private readonly int _recordsPerSecond;

    public RatePacer(int recordsPerSecond, TimeSpan warmup, TimeSpan duration)
    {
        _recordsPerSecond = recordsPerSecond;
        _start = Stopwatch.GetTimestamp();
        MeasureFrom = _start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        End = MeasureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>Records sent from this timestamp on are measured; earlier ones are warm-up.</summary>
    public long MeasureFrom { get; }

    public long End { get; }

    /// <summary>How many records should have been sent in total by now, or -1 once the phase is over.</summary>
    public long Due()
    {
        var now = Stopwatch.GetTimestamp();
        return now >= End ? -1 : (long)((double)(now - _start) * _recordsPerSecond / Stopwatch.Frequency) + 1;
    }

    public static void Pause() => Thread.Sleep(1);
}
