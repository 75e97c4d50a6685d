namespace Ambient.Gateway.Http;

/// <summary>
/// Lets a warning that every request can raise (Kafka unavailable, say) be logged at most once per interval, and the
/// next line say how many were held back: the condition stays visible without a flood of requests writing a flood of log.
/// </summary>
internal sealed class LogThrottle(TimeProvider time, TimeSpan interval)
{
    private readonly Lock _lock = new();
    private long _next;
    private int _held;

    /// <summary>Whether to log now; <paramref name="heldBack"/> is how many were not logged since the last line.</summary>
    public bool TryEnter(out int heldBack)
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            if (_next != 0 && now < _next)
            {
                _held++;
                heldBack = 0;
                return false;
            }

            heldBack = _held;
            _held = 0;
            _next = now + (long)(interval.TotalSeconds * time.TimestampFrequency);
            return true;
        }
    }
}
