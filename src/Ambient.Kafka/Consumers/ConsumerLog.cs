using Microsoft.Extensions.Logging;

namespace Ambient.Kafka.Consumers;

internal static partial class ConsumerLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Processor}: record {At} is not a CloudEvent ({Reason}); sent to the dead-letter topic")]
    public static partial void LogUnreadableRecord(this ILogger logger, string processor, string at, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Processor}: record {At} failed after {Attempts} attempts; sent to the dead-letter topic")]
    public static partial void LogProcessingFailed(this ILogger logger, Exception exception, string processor, string at, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Processor}: attempt {Attempt} at {At} failed, retrying in {Delay}")]
    public static partial void LogRetrying(this ILogger logger, Exception? exception, string processor, string at, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Processor}: record {At} waits for a dependency (attempt {Attempt}, next in about {Delay}); it is not dead-lettered: {Reason}")]
    public static partial void LogDependencyUnavailable(this ILogger logger, string processor, string at, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Processor}: cannot write the dead-letter copy of {At} yet; will keep trying")]
    public static partial void LogDeadLetterFailed(this ILogger logger, Exception exception, string processor, string at);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Processor}: assigned {Partitions}")]
    public static partial void LogAssigned(this ILogger logger, string processor, string partitions);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Processor}: revoked {Partitions}")]
    public static partial void LogRevoked(this ILogger logger, string processor, string partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Processor}: lost {Partitions}; their runs were abandoned and will be redelivered")]
    public static partial void LogLost(this ILogger logger, string processor, string partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Processor}: Kafka consumer error: {Reason}")]
    public static partial void LogConsumerError(this ILogger logger, string processor, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Processor}: fatal Kafka consumer error, stopping: {Reason}")]
    public static partial void LogFatalConsumerError(this ILogger logger, string processor, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Processor}: commit failed: {Reason}")]
    public static partial void LogCommitFailed(this ILogger logger, string processor, string reason);
}
