namespace Ambient.Mcp.Tests;

/// <summary>Retries a check until it holds; generous, since the machine may be busy. Not a timing assertion.</summary>
internal static class Eventually
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(90);

    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> attempt, Func<T, bool> done, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(s_limit);
        while (true)
        {
            var value = await attempt();
            if (done(value) || limit.IsCancellationRequested)
            {
                return value;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    public static Task<bool> HoldsAsync(Func<bool> condition, CancellationToken cancellationToken) =>
        ReturnsAsync(() => Task.FromResult(condition()), held => held, cancellationToken);
}
