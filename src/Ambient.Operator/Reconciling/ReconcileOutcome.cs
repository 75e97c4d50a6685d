namespace Ambient.Operator.Reconciling;

/// <summary>What the last reconcile of an Agent came to, for its status.</summary>
/// <param name="Generation">The Agent's <c>metadata.generation</c> it reconciled.</param>
/// <param name="Applied">True when every rendered resource is in place as rendered.</param>
/// <param name="Reason">A condition reason: <c>Applied</c>, <c>InvalidSpec</c>, <c>NotOwned</c> or <c>ApplyFailed</c>.</param>
/// <param name="Message">What is wrong, naming the field or the resource; or what was done.</param>
/// <param name="Model">The agent's model id; null when the spec could not be read.</param>
/// <param name="Paused">The spec's <c>paused</c>.</param>
internal sealed record ReconcileOutcome(long Generation, bool Applied, string Reason, string Message, string? Model, bool Paused);
