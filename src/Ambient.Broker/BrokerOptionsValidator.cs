namespace Ambient.Broker;

/// <summary>Refuses broker settings that would make the broker refuse every client or never enforce a limit.</summary>
internal static class BrokerOptionsValidator
{
    // System.Threading timers take at most 0xFFFFFFFE ms (about 49 days).
    private static readonly TimeSpan s_longestTimeout = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the message names it and its Kafka name.</exception>
    /// <exception cref="ArgumentException">Security is set but names no user.</exception>
    public static void Validate(BrokerOptions options)
    {
        var error = Positive(options.MaxRequestBytes, "MaxRequestBytes (socket.request.max.bytes)")
            ?? Positive(options.MaxQueuedRequestBytes, "MaxQueuedRequestBytes (queued.max.request.bytes)")
            ?? Positive(options.MaxConnections, "MaxConnections (max.connections)")
            ?? Positive(options.MaxConnectionsPerAddress, "MaxConnectionsPerAddress (max.connections.per.ip)")
            ?? TimeoutSetting(options.ConnectionsMaxIdle, "ConnectionsMaxIdle (connections.max.idle.ms)")
            ?? TimeoutSetting(options.PartialFrameTimeout, "PartialFrameTimeout");
        if (error is not null)
        {
            throw new ArgumentOutOfRangeException(nameof(options), error);
        }

        if (options.Security is { Users.Count: 0 })
        {
            throw new ArgumentException("BrokerOptions.Security has no users: no client could authenticate. Leave Security null for an open broker.", nameof(options));
        }
    }

    private static string? Positive(long value, string name) =>
        value > 0 ? null : $"BrokerOptions.{name} must be positive, got {value}.";

    private static string? TimeoutSetting(TimeSpan value, string name) =>
        value == Timeout.InfiniteTimeSpan || (value > TimeSpan.Zero && value <= s_longestTimeout)
            ? null
            : $"BrokerOptions.{name} must be positive and at most {s_longestTimeout.TotalDays:0} days, or Timeout.InfiniteTimeSpan; got {value}.";
}
