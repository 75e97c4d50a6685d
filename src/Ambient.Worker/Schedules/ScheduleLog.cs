using Microsoft.Extensions.Logging;

namespace Ambient.Worker.Schedules;

internal static partial class ScheduleLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Next weekly digest at {Next:u}")]
    public static partial void LogNextDigest(this ILogger logger, DateTimeOffset next);

    [LoggerMessage(Level = LogLevel.Information, Message = "Published weekly digest tick {TickId}")]
    public static partial void LogDigestPublished(this ILogger logger, string tickId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The weekly digest could not be published")]
    public static partial void LogDigestFailed(this ILogger logger, Exception exception);
}
