namespace Ambient.Governance.Budgets;

/// <summary>
/// The answer to a reservation: granted (settle it with <see cref="IBudgetLedger.Settle"/> once the call is done) or
/// exhausted (defer the run: <see cref="IBudgetLedger.WaitForBudgetAsync"/> says when to go on).
/// </summary>
/// <param name="Agent">The agent.</param>
/// <param name="Granted">True when the call may start.</param>
/// <param name="Tokens">The tokens reserved (the call's worst case); 0 when exhausted.</param>
/// <param name="LeaseId">The lease the reservation was taken from; null when exhausted.</param>
/// <param name="Reason">Exhausted: which limit, with its numbers.</param>
/// <param name="ResetsAt">Exhausted: when that limit starts over, unless <c>ambient budget set</c> raises it first.</param>
public sealed record BudgetGrant(string Agent, bool Granted, long Tokens, string? LeaseId, string? Reason = null, DateTimeOffset? ResetsAt = null)
{
    /// <summary>A grant of <paramref name="tokens"/> from lease <paramref name="leaseId"/>.</summary>
    public static BudgetGrant Of(string agent, long tokens, string leaseId) => new(agent, true, tokens, leaseId);

    /// <summary>A refusal: the agent's budget is spent.</summary>
    public static BudgetGrant Exhausted(string agent, string reason, DateTimeOffset? resetsAt) => new(agent, false, 0, null, reason, resetsAt);
}
