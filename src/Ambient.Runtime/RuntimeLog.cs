using Microsoft.Extensions.Logging;

namespace Ambient.Runtime;

internal static partial class RuntimeLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent} run {RunId}: tool call {Tool} refused: {Reason}")]
    public static partial void LogToolRefused(this ILogger logger, string agent, string runId, string tool, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {Agent} run {RunId} parked at tool call {Tool}: {Reason}")]
    public static partial void LogToolCallParked(this ILogger logger, string agent, string runId, string tool, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent} run {RunId}: tool {Tool} failed: {Reason}")]
    public static partial void LogToolFailed(this ILogger logger, string agent, string runId, string tool, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent}, run {RunId}: deferred, the agent's budget is spent; it goes on when the budget is raised (ambient budget set) or the period rolls over")]
    public static partial void LogRunDeferred(this ILogger logger, string agent, string runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {Agent}, run {RunId}: budget available again; the deferred run goes on")]
    public static partial void LogRunUndeferred(this ILogger logger, string agent, string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent} run {RunId} exceeded its {TimeoutSeconds} s limit")]
    public static partial void LogRunTimedOut(this ILogger logger, string agent, string runId, int timeoutSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Agent} {RunId} on {EventType}: {Outcome}, {Actions} actions, {Tokens} tokens. {Summary}")]
    public static partial void LogRunFinished(this ILogger logger, string agent, string runId, string eventType, string outcome, int actions, long tokens, string summary);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {Agent} restored checkpoints of {Topic}/{Partition}: {Records} records read, {Runs} runs, {ElapsedMs:F0} ms")]
    public static partial void LogCheckpointsRestored(this ILogger logger, string agent, string topic, int partition, int records, int runs, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Agent {Agent} could not restore checkpoints of {Topic}/{Partition}: {Reason}")]
    public static partial void LogCheckpointRestoreFailed(this ILogger logger, string agent, string topic, int partition, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Reader} skipped an unreadable record of {Topic}/{Partition} at offset {Offset} (key {Key}): {ErrorKind}: {Reason}. It was copied to the dead-letter topic.")]
    public static partial void LogUnreadableCheckpoint(this ILogger logger, string reader, string topic, int partition, long offset, string key, string errorKind, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {Agent} run {RunId} resumes after step {Step} ({StepName})")]
    public static partial void LogRunResumed(this ILogger logger, string agent, string runId, int step, string stepName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {Agent} run {RunId} already finished; event {EventId}, read again at {At}, is not processed again")]
    public static partial void LogRunAlreadyFinished(this ILogger logger, string agent, string runId, string eventId, Ambient.Abstractions.Events.EventCoordinates at);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {Agent} run {RunId} parked: waiting for {Pending} delegated tasks")]
    public static partial void LogRunParked(this ILogger logger, string agent, string runId, int pending);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {Agent} run {RunId}: reply for task {TaskId} ({State}) ignored: {Reason}")]
    public static partial void LogReplyIgnored(this ILogger logger, string agent, string runId, string taskId, string state, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {Agent} run {RunId}: task {TaskId} of {Target} is {State}; {Pending} still pending")]
    public static partial void LogDelegationAnswered(this ILogger logger, string agent, string runId, string taskId, string target, string state, int pending);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent} run {RunId}: the delegate step timed out waiting for {Targets}; the run goes on without them")]
    public static partial void LogDelegationTimedOut(this ILogger logger, string agent, string runId, string targets);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent} rejected A2A request {MessageId} from {From}: {Reason}")]
    public static partial void LogRequestRejected(this ILogger logger, string agent, string messageId, string from, string reason);
}
