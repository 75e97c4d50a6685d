namespace Ambient.Gateway.Slack;

/// <summary>Log messages of the Slack endpoints.</summary>
internal static partial class SlackLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Slack retry {RetryNumber} of event {Id}")]
    public static partial void SlackRetry(this ILogger logger, string retryNumber, string id);
}
