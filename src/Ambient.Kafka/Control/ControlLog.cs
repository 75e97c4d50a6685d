using Microsoft.Extensions.Logging;

namespace Ambient.Kafka.Control;

internal static partial class ControlLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {Agent}: {Kind} of run {RunId} (command {CommandId})")]
    public static partial void LogControlCommand(this ILogger logger, string agent, string kind, string runId, string commandId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Agent {Agent}: {Kind} of run {RunId} (command {CommandId}) was not applied: {Reason}")]
    public static partial void LogControlCommandFailed(this ILogger logger, string agent, string kind, string runId, string commandId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Agent {Agent}: the control record at {At} is not a command and is skipped: {Reason}")]
    public static partial void LogControlRecordInvalid(this ILogger logger, string agent, string at, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent}: control consumer: {Reason}")]
    public static partial void LogControlConsumerError(this ILogger logger, string agent, string reason);
}
