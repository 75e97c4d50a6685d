namespace Ambient.Executor.Targets;

/// <summary>What the executor knows about an action beyond its record.</summary>
/// <param name="CompensatedExternalId">
/// For a compensation (its arguments carry the <c>actionId</c> it undoes): the external id the undone action
/// recorded when it was applied (the comment id, the message ts); null otherwise, or when that action never applied.
/// </param>
public sealed record ApplyContext(string? CompensatedExternalId)
{
    /// <summary>No more than the record.</summary>
    public static ApplyContext None { get; } = new((string?)null);
}
