namespace Ambient.Runtime.Replays;

/// <summary>What a replay did: how many events it replayed and, per event, whether its actions matched the original's.</summary>
public sealed record ReplayReport(string ReplayId, ReplayMode Mode, bool Shadow, string ActionsTopic, IReadOnlyList<ReplayedRun> Runs)
{
    /// <summary>Runs whose actions differ from the original's.</summary>
    public IReadOnlyList<ReplayedRun> Diverged => [.. Runs.Where(r => r.Differences.Count > 0)];

    /// <summary>Events the agent handled that had no recording to replay (recorded mode) or to compare with.</summary>
    public IReadOnlyList<ReplayedRun> Unrecorded => [.. Runs.Where(r => !r.HadRecording)];

    /// <summary>The first difference of the first diverging run, the determinism check's answer; null when all matched.</summary>
    public string? FirstDivergence => Diverged is [var run, ..] ? $"{run.EventId} (run {run.OriginalRunId}): {run.Differences[0]}" : null;
}

/// <summary>One replayed event: the original run, the replay run, and the differences of their action streams.</summary>
public sealed record ReplayedRun(string EventId, string At, string OriginalRunId, string ReplayRunId, bool HadRecording, int OriginalActions, int ReplayActions,
    IReadOnlyList<string> Differences);
