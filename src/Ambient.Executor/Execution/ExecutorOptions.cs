namespace Ambient.Executor.Execution;

/// <summary><c>Ambient:Executors</c>: how the executor consumes and retries (each target's own keys are under <c>Ambient:Executors:&lt;Target&gt;</c>).</summary>
public sealed class ExecutorOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Ambient:Executors";

    /// <summary>
    /// Actions in progress at once, across targets (actions about the same entity are applied in order). Most of an
    /// action's time is its ledger writes, which need no target slot: 64 applied 2.7× the actions/s of 16 against a
    /// fast local GitHub (docs/benchmarks.md); calls on a target stay bounded by <see cref="MaxConcurrencyPerTarget"/>.
    /// </summary>
    public int MaxConcurrency { get; set; } = 64;

    /// <summary>
    /// Actions applied at once on one target: a target that is rate-limited or down holds at most this many of
    /// <see cref="MaxConcurrency"/>, so the other targets go on.
    /// </summary>
    public int MaxConcurrencyPerTarget { get; set; } = 4;

    /// <summary>How long an action is retried while its target is down (no Retry-After) before it is recorded as failed (retryable); rate limits are waited out.</summary>
    public TimeSpan MaxRetryDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The first wait before a retry the target did not time itself; it doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between retries the executor chooses (a target's Retry-After may ask for longer).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The errors that make the executor refuse to start, each naming its key.</summary>
    public IEnumerable<string> Problems()
    {
        if (MaxConcurrency < 1)
        {
            yield return $"{SectionName}:MaxConcurrency must be at least 1, not {MaxConcurrency}.";
        }

        if (MaxConcurrencyPerTarget < 1)
        {
            yield return $"{SectionName}:MaxConcurrencyPerTarget must be at least 1, not {MaxConcurrencyPerTarget}.";
        }

        if (MaxRetryDuration < TimeSpan.Zero)
        {
            yield return $"{SectionName}:MaxRetryDuration must not be negative, not {MaxRetryDuration}.";
        }

        if (RetryDelay <= TimeSpan.Zero || MaxRetryDelay < RetryDelay)
        {
            yield return $"{SectionName}:RetryDelay must be positive and at most MaxRetryDelay ({RetryDelay} / {MaxRetryDelay}).";
        }
    }
}
