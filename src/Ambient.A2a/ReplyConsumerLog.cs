using Microsoft.Extensions.Logging;

namespace Ambient.A2a;

internal static partial class ReplyConsumerLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "A2A replies consumer of agent {Agent}: {Reason}")]
    public static partial void LogReplyConsumerError(this ILogger logger, string agent, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A2A replies consumer of agent {Agent}: a reply or timer failed and is {What}: {Reason}")]
    public static partial void LogReplyFailed(this ILogger logger, Exception exception, string agent, string what, string reason);
}
