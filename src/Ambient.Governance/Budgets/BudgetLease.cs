namespace Ambient.Governance.Budgets;

/// <summary>
/// Tokens the ledger set aside for one replica, counted as spent until that replica settles or releases them, or
/// until <see cref="ExpiresAt"/> (a replica that disappeared does not hold them for ever).
/// </summary>
/// <param name="Id">The id of the lease request that got it.</param>
/// <param name="Replica">The replica holding it.</param>
/// <param name="Tokens">Tokens still outstanding: granted, less what was settled or released.</param>
/// <param name="CostPerToken">The worst price per token of the model it was asked for (0: unknown), for the cost limit.</param>
/// <param name="ExpiresAt">When the ledger stops counting it.</param>
/// <param name="Released">True once its replica returned what it had not handed out; it goes once its calls are settled.</param>
public sealed record BudgetLease(string Id, string Replica, long Tokens, decimal CostPerToken, DateTimeOffset ExpiresAt, bool Released = false);
