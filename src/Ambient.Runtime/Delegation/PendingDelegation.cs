namespace Ambient.Runtime.Delegation;

/// <summary>
/// One request of a run's <c>delegate</c> step, kept in the run's checkpointed state: what was asked of whom,
/// and, once final, the answer. The tool call it came from gets its result only when the answer is in, so the
/// model sees the other agent's answer as the tool's result.
/// </summary>
internal sealed record PendingDelegation
{
    public required string MessageId { get; init; }

    public required string TaskId { get; init; }

    public required string ContextId { get; init; }

    public required string Agent { get; init; }

    public required string Text { get; init; }

    /// <summary>The tool call that asked for it.</summary>
    public required string CallId { get; init; }

    public required string Plugin { get; init; }

    public required string Function { get; init; }

    public DateTimeOffset? Deadline { get; init; }

    /// <summary>The final A2A state, or <see cref="TimedOut"/>; null while waiting.</summary>
    public string? State { get; init; }

    public string? Answer { get; init; }

    /// <summary>How many secrets were masked in <see cref="Answer"/>; null when none.</summary>
    public int? Masked { get; init; }

    public const string TimedOut = "timed-out";

    /// <summary>A replay found no answer for this request in the original run.</summary>
    public const string NotRecorded = "not-recorded";

    public bool IsPending => State is null;

    /// <summary>The tool result the model sees.</summary>
    public string ResultText => State switch
    {
        Abstractions.A2a.A2aTaskStates.Completed => $"{Agent} answered (task {TaskId}): {Answer}",
        TimedOut => $"No answer from {Agent} (task {TaskId}) before the deadline; it timed out.",
        _ => $"{Agent} did not complete the task (task {TaskId}, {State}): {Answer}",
    };
}
