namespace Ambient.Broker.Network;

/// <summary>
/// The one deadline a connection's socket reads run against: the idle limit while it waits for a request,
/// the partial-frame limit while a frame is arriving. Its token cancels the pending read when the deadline
/// passes, and <see cref="Expired"/> then says which limit it was; the broker's shutdown cancels it too.
/// </summary>
internal sealed class ConnectionDeadline : IDisposable
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _cancellation;
    private readonly ITimer _timer;
    private long _due = long.MaxValue;
    private ConnectionCloseReason _armedFor;
    private bool _disposed;

    public ConnectionDeadline(TimeProvider time, CancellationToken stopping)
    {
        _time = time;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _timer = time.CreateTimer(static state => ((ConnectionDeadline)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Cancelled when the deadline passes or the broker stops.</summary>
    public CancellationToken Token => _cancellation.Token;

    /// <summary>The limit whose deadline passed, if one did.</summary>
    public ConnectionCloseReason? Expired { get; private set; }

    /// <summary>Sets the deadline to <paramref name="limit"/> after <paramref name="since"/> (a <see cref="TimeProvider.GetTimestamp"/>).</summary>
    public void Arm(ConnectionCloseReason reason, long since, TimeSpan limit)
    {
        if (limit == Timeout.InfiniteTimeSpan)
        {
            Disarm();
            return;
        }

        var remaining = limit - _time.GetElapsedTime(since);
        if (remaining < TimeSpan.Zero)
        {
            remaining = TimeSpan.Zero;
        }

        lock (_lock)
        {
            _armedFor = reason;
            _due = _time.GetTimestamp() + (long)(remaining.TotalSeconds * _time.TimestampFrequency);
            _timer.Change(remaining, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>No deadline while the broker itself is busy with the connection (serving, waiting for memory).</summary>
    public void Disarm()
    {
        lock (_lock)
        {
            _due = long.MaxValue;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
        }

        _timer.Dispose();
        _cancellation.Dispose();
    }

    private void OnTimer()
    {
        lock (_lock)
        {
            if (_disposed || Expired is not null || _due == long.MaxValue)
            {
                return; // lifted, or a tick already on its way when the connection ended
            }

            var now = _time.GetTimestamp();
            if (now < _due)
            {
                // Moved later, or a timer tick slightly ahead of the high-resolution clock: wait for the rest.
                _timer.Change(_time.GetElapsedTime(now, _due), Timeout.InfiniteTimeSpan);
                return;
            }

            Expired = _armedFor;
            _cancellation.Cancel();
        }
    }
}
