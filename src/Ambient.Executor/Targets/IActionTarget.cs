using Ambient.Abstractions.Actions;

namespace Ambient.Executor.Targets;

/// <summary>
/// One system the executor acts on. The executor owns the ledger, modes, scopes and retries; a target only turns
/// one action into calls on its system, and finds what an earlier, interrupted apply of the same action left there.
/// </summary>
public interface IActionTarget
{
    /// <summary>The <see cref="ActionRecord.Target"/> this target applies, e.g. <c>github</c>.</summary>
    string Name { get; }

    /// <summary>
    /// The resource the action acts on, matched against the agent's scopes: <c>owner/name</c> of a repository, a
    /// channel id, a namespace.
    /// </summary>
    /// <exception cref="ActionFormatException">The operation is unknown or the arguments are malformed.</exception>
    string ScopeOf(ActionRecord action);

    /// <summary>What <see cref="ApplyAsync"/> would send, in one line (method, path, the gist of the body): what dry-run records.</summary>
    /// <exception cref="ActionFormatException">The operation is unknown or the arguments are malformed.</exception>
    string Describe(ActionRecord action, ApplyContext context);

    /// <summary>
    /// Applies the action, leaving its marker (the action id) where the system can hold one, so
    /// <see cref="FindAsync"/> can recognise it later. Never throws for an answer of the system: a refusal is
    /// <see cref="TargetOutcome.Failed"/>, a rate limit or outage <see cref="TargetOutcome.Retry"/>.
    /// </summary>
    /// <exception cref="ActionFormatException">The operation is unknown or the arguments are malformed.</exception>
    Task<TargetOutcome> ApplyAsync(ActionRecord action, ApplyContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Looks for the marker an earlier apply of this action left (the executor died after calling and before
    /// recording): <see cref="TargetOutcome.Applied"/> with the external id if it is there, null if the earlier
    /// apply never reached the system (it is then safe to apply), <see cref="TargetOutcome.Retry"/> if the system cannot say now.
    /// </summary>
    Task<TargetOutcome?> FindAsync(ActionRecord action, ApplyContext context, CancellationToken cancellationToken);
}
