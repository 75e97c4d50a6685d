namespace Ambient.Testing;

/// <summary>
/// Polls until a condition holds, for behaviour that happens in the background (rebalances, the log
/// cleaner, retention). The generous limit is a hang guard, not a timing assertion: a real broker's
/// cleaner and retention checker run on their own schedules.
/// </summary>
public static class Eventually
{
    /// <summary>The longest any background effect is waited for.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    /// <summary>Reads a value until <paramref name="done"/> accepts it, and returns that value.</summary>
    public static async Task<T> ReadAsync<T>(Func<T> read, Func<T, bool> done, CancellationToken cancellation, TimeSpan? pollInterval = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(Limit);
        while (true)
        {
            var value = read();
            if (done(value))
            {
                return value;
            }

            try
            {
                await Task.Delay(pollInterval ?? TimeSpan.FromMilliseconds(200), timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                throw new TimeoutException($"Condition not met within {Limit.TotalSeconds} s; last value: {value}");
            }
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    public static Task UntilAsync(Func<bool> condition, CancellationToken cancellation) =>
        ReadAsync(condition, met => met, cancellation, TimeSpan.FromMilliseconds(20));

    /// <summary>Waits until <paramref name="condition"/>, which asks over the network, holds.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(Limit);
        while (!await condition())
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                throw new TimeoutException($"Condition not met within {Limit.TotalSeconds} s");
            }
        }
    }
}
