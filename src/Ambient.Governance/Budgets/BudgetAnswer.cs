namespace Ambient.Governance.Budgets;

/// <summary>The ledger's answer to one request, published with the agent's budget after it.</summary>
/// <param name="RequestId">The request answered.</param>
/// <param name="Kind">The request's kind.</param>
/// <param name="Granted">Lease: true when granted (its id is <paramref name="RequestId"/>).</param>
/// <param name="Tokens">Lease: the tokens granted.</param>
/// <param name="ExpiresAt">Lease: when the ledger stops counting it.</param>
/// <param name="Reason">Lease refused: which limit, with its numbers.</param>
/// <param name="ResetsAt">Lease refused: when that limit starts over (the next UTC day or month).</param>
public sealed record BudgetAnswer(string RequestId, BudgetRequestKind Kind, bool Granted = false, long Tokens = 0,
    DateTimeOffset? ExpiresAt = null, string? Reason = null, DateTimeOffset? ResetsAt = null);
