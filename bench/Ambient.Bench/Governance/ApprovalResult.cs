namespace Ambient.Bench.Governance;

/// <summary>Every measured approved run, and the comments the local GitHub received (warm-up included).</summary>
internal sealed record ApprovalResult(IReadOnlyList<ApprovalSample> Samples, long Comments);
