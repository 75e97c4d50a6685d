using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Ambient.Kafka.Internal;

/// <summary>
/// librdkafka's log and error callbacks, routed to <see cref="ILogger"/>. Without a handler librdkafka writes to
/// stderr itself. The callbacks only enqueue log entries; providers do their I/O elsewhere.
/// </summary>
internal static partial class KafkaClientLog
{
    public static void ClientMessage(this ILogger logger, LogMessage message)
    {
        var level = ToLogLevel(message.Level);
        logger.ClientMessage(level, message.Name, message.Facility, message.Message);
    }

    public static void ClientError(this ILogger logger, Error error)
    {
        var level = error.IsFatal ? LogLevel.Critical : error.IsLocalError ? LogLevel.Warning : LogLevel.Error;
        logger.ClientError(level, error.Code, error.IsFatal, error.Reason);
    }

    private static LogLevel ToLogLevel(SyslogLevel level) => level switch
    {
        SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical => LogLevel.Critical,
        SyslogLevel.Error => LogLevel.Error,
        SyslogLevel.Warning => LogLevel.Warning,
        SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
        _ => LogLevel.Debug,
    };

    [LoggerMessage(Message = "librdkafka {Client} {Facility}: {Text}")]
    private static partial void ClientMessage(this ILogger logger, LogLevel level, string client, string facility, string text);

    [LoggerMessage(Message = "Kafka client error {Code} (fatal: {IsFatal}): {Reason}")]
    private static partial void ClientError(this ILogger logger, LogLevel level, ErrorCode code, bool isFatal, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading {Topic} failed, retrying: {Reason}")]
    public static partial void LogTailError(this ILogger logger, string topic, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Topic {Topic} does not exist yet; waiting for it (ambient topics init creates it)")]
    public static partial void LogTailTopicMissing(this ILogger logger, string topic);
}
