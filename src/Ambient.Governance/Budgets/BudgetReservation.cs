namespace Ambient.Governance.Budgets;

/// <summary>What a model call asks of its agent's budget before it starts.</summary>
/// <param name="Agent">The agent.</param>
/// <param name="WorstCaseTokens">The most the call can use (the agent's <c>maxTokensPerCall</c>).</param>
/// <param name="Model">The model, priced by <see cref="BudgetOptions.Prices"/> for the cost limit; null: unpriced.</param>
/// <param name="DeclaredLimits">The limits the agent's file declares, in force until <c>ambient budget set</c> gives others.</param>
public sealed record BudgetReservation(string Agent, long WorstCaseTokens, string? Model = null, BudgetLimits? DeclaredLimits = null);
