namespace Ambient.Abstractions.Checkpoints;

/// <summary>
/// The head record of a run, under the key <c>runId</c> on the checkpoints topic: which step is the
/// latest and the run's status. Compaction keeps only the newest head of each run.
/// </summary>
public sealed record RunHead(
    string RunId,
    string Agent,
    string AgentVersion,
    RunInput Input,
    int HeadStep,
    string HeadStepName,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    string? ReplayOf = null,
    string? Outcome = null);
