namespace Ambient.Executor.Targets;

/// <summary>How an apply (or a look for an earlier one) ended at the target.</summary>
public enum TargetOutcomeKind
{
    /// <summary>The action took effect; <see cref="TargetOutcome.ExternalId"/> names what it created or changed.</summary>
    Applied,

    /// <summary>Not now (rate limit, outage, timeout): the executor tries again, after <see cref="TargetOutcome.RetryAfter"/> when the system said.</summary>
    Retry,

    /// <summary>Never (not found, no permission, invalid): recorded as failed, not retried.</summary>
    Failed,
}

/// <summary>The outcome of one call on a target.</summary>
/// <param name="Kind">Applied, retry or failed.</param>
/// <param name="ExternalId">What the system calls the result (comment id, message ts, resource version), when applied.</param>
/// <param name="Link">Where a person can see it, when the system has a page for it.</param>
/// <param name="Reason">Why it is retried or failed, for the ledger and the audit, naming the system's answer.</param>
/// <param name="RetryAfter">How long the system asked to wait (Retry-After, a rate limit's reset), when it said.</param>
public sealed record TargetOutcome(TargetOutcomeKind Kind, string? ExternalId, string? Link, string? Reason, TimeSpan? RetryAfter)
{
    /// <summary>The action took effect.</summary>
    public static TargetOutcome Applied(string? externalId, string? link = null) => new(TargetOutcomeKind.Applied, externalId, link, null, null);

    /// <summary>
    /// True on a <see cref="TargetOutcomeKind.Retry"/> when the call never reached the system (it could not be
    /// started or connected to): the executor may send again without first looking for an earlier effect.
    /// </summary>
    public bool NothingSent { get; init; }

    /// <summary>Try again later.</summary>
    public static TargetOutcome Retry(string reason, TimeSpan? after = null) => new(TargetOutcomeKind.Retry, null, null, reason, after);

    /// <summary>Try again later: the system was not reached, so nothing can have happened.</summary>
    public static TargetOutcome Unreached(string reason) => Retry(reason) with { NothingSent = true };

    /// <summary>A permanent refusal.</summary>
    public static TargetOutcome Failed(string reason) => new(TargetOutcomeKind.Failed, null, null, reason, null);
}
