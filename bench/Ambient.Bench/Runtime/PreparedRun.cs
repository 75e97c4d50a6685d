namespace Ambient.Bench.Runtime;

/// <summary>
/// A run ready to start: its consumer group, the output topics the watcher counts and how many records there make
/// the run complete, how many records all its topics should hold in the end (checked after the run; a difference
/// means lost, duplicated or dead-lettered work), its actions topic, every topic it created (deleted afterwards),
/// and the start itself, which returns the handle that stops it.
/// </summary>
internal sealed record PreparedRun(
    string GroupId,
    IReadOnlyList<string> WatchedTopics,
    long ExpectedOutputs,
    long ExpectedTotal,
    string ActionsTopic,
    IReadOnlyList<string> CreatedTopics,
    Func<CancellationToken, Task<IAsyncDisposable>> StartAsync);
