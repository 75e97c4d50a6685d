namespace Ambient.Kafka;

/// <summary>
/// Runs a blocking Kafka client call (metadata, a bounded read) on a thread of its own. On a thread-pool thread
/// such calls pile up at start (every agent and partition at once), the pool grows by about one thread a second,
/// and whatever else needs the pool meanwhile (an in-process broker, HTTP requests, delivery reports) waits.
/// </summary>
public static class KafkaThreads
{
    /// <summary>Runs <paramref name="call"/> on a dedicated thread; <paramref name="cancellationToken"/> stops the wait, not the call.</summary>
    public static Task<T> RunAsync<T>(Func<T> call, CancellationToken cancellationToken = default)
    {
        var running = Task.Factory.StartNew(call, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        return cancellationToken.CanBeCanceled ? running.WaitAsync(cancellationToken) : running;
    }
}
