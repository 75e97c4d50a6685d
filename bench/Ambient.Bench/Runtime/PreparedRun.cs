namespace Ambient.Bench.Runtime;

/// <summary>
/// A run ready to start: its consumer group, the output topics the watcher counts and how many records there make
/// the run complete, how many records all its topics should hold in the end (checked after the run; a difference
/// means lost, duplicated or dead-lettered work), its actions topic, every topic it created (deleted afterwards),
/// and the start itself, which returns the handle that stops it. <see cref="CountedTopics"/> (default: all created)
/// are the topics that check sums over: the runtime's checkpoints and Agent Card are bookkeeping, not outputs.
/// </summary>
internal sealed record PreparedRun(
    string GroupId,
    IReadOnlyList<string> WatchedTopics,
    long ExpectedOutputs,
    long ExpectedTotal,
    string ActionsTopic,
    IReadOnlyList<string> CreatedTopics,
    Func<CancellationToken, Task<IAsyncDisposable>> StartAsync)
{
    /// <summary>The topics whose records must add up to <see cref="ExpectedTotal"/>; null: every created topic.</summary>
    public IReadOnlyList<string>? CountedTopics { get; init; }
}
