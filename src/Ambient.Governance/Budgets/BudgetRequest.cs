namespace Ambient.Governance.Budgets;

/// <summary>One record of the budget requests topic, keyed by agent: the ledger handles an agent's requests in order.</summary>
/// <param name="Kind">What is asked.</param>
/// <param name="Id">Unique per request; a lease's id is the id of the request that got it.</param>
/// <param name="Replica">Who asks (a lease's holder).</param>
/// <param name="Tokens">Lease: the worst case of one call; settle: the call's reservation; release: the tokens given back.</param>
/// <param name="CostPerToken">Lease: the worst price per token of the model (0: unknown).</param>
/// <param name="LeaseId">Settle and release: the lease.</param>
/// <param name="InputTokens">Settle: input tokens the call used.</param>
/// <param name="OutputTokens">Settle: output tokens the call used.</param>
/// <param name="CostUsd">Settle: what the call cost.</param>
/// <param name="Limits">Set: the limits given (a null limit stays as it is).</param>
/// <param name="DefaultLimits">Lease: the limits the agent's own file declares, in force until a <see cref="BudgetRequestKind.Set"/>.</param>
/// <param name="By">Set: who set them.</param>
public sealed record BudgetRequest(
    BudgetRequestKind Kind,
    string Id,
    string? Replica = null,
    long Tokens = 0,
    decimal CostPerToken = 0,
    string? LeaseId = null,
    long InputTokens = 0,
    long OutputTokens = 0,
    decimal CostUsd = 0,
    BudgetLimits? Limits = null,
    BudgetLimits? DefaultLimits = null,
    string? By = null);
