namespace Ambient.Bench.Governance;

/// <summary>One approved run, timed from the acknowledgement of the answer.</summary>
/// <param name="ActionMs">Until the approved action was on <c>ambient.actions</c> (the worker drove the run again), ms.</param>
/// <param name="AppliedMs">Until its final ledger entry, <c>applied</c>, was on <c>ambient.action-results</c>, ms.</param>
internal sealed record ApprovalSample(double ActionMs, double AppliedMs);
