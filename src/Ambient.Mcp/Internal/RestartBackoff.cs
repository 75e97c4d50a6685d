namespace Ambient.Mcp.Internal;

/// <summary>
/// How long a failed MCP server waits before the next start: 1 s, doubling to 30 s, reset once the server answers a call.
/// Not thread-safe: <see cref="McpServerConnection"/> uses it under its lock.
/// </summary>
internal sealed class RestartBackoff(TimeProvider timeProvider)
{
    private static readonly TimeSpan s_first = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_max = TimeSpan.FromSeconds(30);

    private int _failures;
    private TimeSpan _delay;
    private long _failedAt;

    /// <summary>Counts a failure (a start that failed, a server that exited or was stopped) and returns the wait it earns.</summary>
    public TimeSpan RecordFailure()
    {
        _failures++;
        var doubled = s_first * Math.Pow(2, Math.Min(_failures - 1, 10));
        _delay = doubled < s_max ? doubled : s_max;
        _failedAt = timeProvider.GetTimestamp();
        return _delay;
    }

    /// <summary>The server answered: the next failure waits the shortest time again.</summary>
    public void Reset()
    {
        _failures = 0;
        _delay = TimeSpan.Zero;
    }

    /// <summary>The wait left before the next start may be tried, or null when it may be tried now.</summary>
    public TimeSpan? Remaining()
    {
        if (_delay == TimeSpan.Zero)
        {
            return null;
        }

        var left = _delay - timeProvider.GetElapsedTime(_failedAt);
        return left > TimeSpan.Zero ? left : null;
    }
}
