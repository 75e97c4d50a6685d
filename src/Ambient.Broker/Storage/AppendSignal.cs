namespace Ambient.Broker.Storage;

/// <summary>
/// Wakes long-poll fetches waiting for new data in a partition. Waiters share the current task; each
/// append completes it and installs a fresh one for the next.
/// </summary>
internal sealed class AppendSignal
{
    private TaskCompletionSource _current = NewSignal();

    /// <summary>Completes at the next append (or when the log closes).</summary>
    public Task NextAppend => Volatile.Read(ref _current).Task;

    /// <summary>Releases the current waiters. Called under the partition's append lock.</summary>
    public void Signal()
    {
        var previous = _current;
        Volatile.Write(ref _current, NewSignal());
        previous.TrySetResult();
    }

    /// <summary>Releases the current waiters for good: the log is closing and no append will follow.</summary>
    public void Close() => _current.TrySetResult();

    // Continuations run asynchronously so that woken fetches never run inside the append lock.
    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
