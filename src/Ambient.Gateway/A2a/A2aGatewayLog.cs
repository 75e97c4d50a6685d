namespace Ambient.Gateway.A2a;

/// <summary>Log messages of the A2A bridge: agents, ids and states, never message content or tokens.</summary>
internal static partial class A2aGatewayLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped an unreadable record with key {Key} on {Topic}: {Reason}")]
    public static partial void LogUnreadable(this ILogger logger, string topic, string? key, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sent message {MessageId} to {Agent} as task {TaskId} (run {RunId})")]
    public static partial void LogSent(this ILogger logger, string agent, string messageId, string taskId, string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka did not acknowledge message {MessageId} for {Agent}; the client is told to retry: {Reason}")]
    public static partial void LogNotAcknowledged(this ILogger logger, string agent, string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Task {TaskId} of {Agent} not final after {Timeout}; answered in state {State}")]
    public static partial void LogTimedOut(this ILogger logger, string agent, string taskId, TimeSpan timeout, string state);
}
