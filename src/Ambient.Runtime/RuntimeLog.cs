using Microsoft.Extensions.Logging;

namespace Ambient.Runtime;

internal static partial class RuntimeLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent} refused tool {Tool} in run {RunId}: not in its allow-list")]
    public static partial void LogToolRefused(this ILogger logger, string agent, string runId, string tool);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent} run {RunId}: tool {Tool} failed: {Reason}")]
    public static partial void LogToolFailed(this ILogger logger, string agent, string runId, string tool, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent} skipped run {RunId}: daily token budget spent ({Used} of {Budget})")]
    public static partial void LogBudgetExhausted(this ILogger logger, string agent, string runId, long used, long budget);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent} run {RunId} exceeded its {TimeoutSeconds} s limit")]
    public static partial void LogRunTimedOut(this ILogger logger, string agent, string runId, int timeoutSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Agent} {RunId} on {EventType}: {Outcome}, {Actions} actions, {Tokens} tokens. {Summary}")]
    public static partial void LogRunFinished(this ILogger logger, string agent, string runId, string eventType, string outcome, int actions, long tokens, string summary);
}
