namespace Ambient.Executor.Execution;

/// <summary>
/// Paces one target: at most a few of its actions at once, and none while the target asked the executor to wait
/// (a rate limit's Retry-After), so a throttled target waits alone and the others go on.
/// </summary>
internal sealed class TargetGate(int concurrency, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(concurrency, concurrency);
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;

    /// <summary>Waits for a slot and for any pause to end; dispose the result to give the slot back.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            for (var wait = PauseLeft(); wait > TimeSpan.Zero; wait = PauseLeft())
            {
                await Task.Delay(wait, time, cancellationToken);
            }
        }
        catch
        {
            _slots.Release();
            throw;
        }

        return new Slot(_slots);
    }

    public void Dispose() => _slots.Dispose();

    /// <summary>Holds every action of the target for <paramref name="delay"/> (the longest of overlapping pauses wins).</summary>
    public void Pause(TimeSpan delay)
    {
        var until = time.GetUtcNow() + delay;
        lock (_slots)
        {
            if (until > _pausedUntil)
            {
                _pausedUntil = until;
            }
        }
    }

    private TimeSpan PauseLeft()
    {
        lock (_slots)
        {
            return _pausedUntil - time.GetUtcNow();
        }
    }

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
