using System.Diagnostics;

namespace Ambient.Runtime.Runs;

/// <summary>
/// A run's time limit (<c>limits.timeoutSeconds</c>), stopped while the run is held by something it does not control: a
/// pause of the kill switch, a spent budget. A run paused for an hour would otherwise time out the moment it is
/// resumed, and its decision be audited as timed out instead of being made.
/// </summary>
internal sealed class RunClock : IDisposable
{
    private readonly CancellationTokenSource _timeout;
    private TimeSpan _left;
    private long _since;

    public RunClock(TimeSpan limit, CancellationToken stopping)
    {
        _timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _left = limit;
        _since = Stopwatch.GetTimestamp();
        _timeout.CancelAfter(limit);
    }

    /// <summary>Cancelled when the run's time is up (or the host stops).</summary>
    public CancellationToken Token => _timeout.Token;

    /// <summary>Whether the run's own time ran out (not a shutdown).</summary>
    public bool IsExpired => _timeout.IsCancellationRequested;

    /// <summary>Runs <paramref name="hold"/> with the clock stopped; the time left is what it was before.</summary>
    public async ValueTask HeldAsync(Func<CancellationToken, ValueTask> hold, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(hold);
        _left -= Stopwatch.GetElapsedTime(_since);
        _timeout.CancelAfter(Timeout.InfiniteTimeSpan);
        try
        {
            await hold(stopping);
        }
        finally
        {
            _since = Stopwatch.GetTimestamp();
            _timeout.CancelAfter(_left > TimeSpan.Zero ? _left : TimeSpan.Zero);
        }
    }

    public void Dispose() => _timeout.Dispose();
}
