using Microsoft.Extensions.Logging;

namespace Ambient.A2a;

internal static partial class A2aLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent}: A2A reply at replies partition {Partition} offset {Offset} has no run id or run partition; skipped")]
    public static partial void LogUnroutableReply(this ILogger logger, string agent, int partition, long offset);

    [LoggerMessage(Level = LogLevel.Error, Message = "Agent {Agent}: A2A reply at replies partition {Partition} offset {Offset} cannot be read ({Kind}); the waiting step ends at its deadline")]
    public static partial void LogUnreadableReply(this ILogger logger, Exception exception, string agent, int partition, long offset, string kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Published the Agent Card of {Agent} to {Topic}")]
    public static partial void LogCardPublished(this ILogger logger, string agent, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish the Agent Card of {Agent}; retrying in {DelaySeconds} s: {Reason}")]
    public static partial void LogCardNotPublished(this ILogger logger, string agent, double delaySeconds, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Agent Card of {Agent} on {Topic} cannot be read ({Reason}); it and any later unreadable card are skipped")]
    public static partial void LogCardUnreadable(this ILogger logger, string agent, string topic, string reason);
}
