using Ambient.Llm;

namespace Ambient.Runtime.Limits;

/// <summary>
/// An agent's token and cost budget as its runs spend it. Every model call reserves its worst case (its estimated input
/// plus the agent's <c>maxTokensPerCall</c>, <see cref="ChatRequest.WorstCaseTokens"/>) before it starts and settles what it really used after; while the budget is spent, runs wait
/// (deferred, never dropped) and the agent's consumer stops fetching, until the budget is raised or the period rolls over.
/// The worker's is the shared ledger every replica draws on; <see cref="TokenBudget"/> counts in one process.
/// </summary>
public interface IRunBudget
{
    /// <summary>Whether <paramref name="agent"/>'s budget is spent as far as this process knows: its runs wait.</summary>
    bool IsSpent(string agent);

    /// <summary>Reserves <paramref name="worstCaseTokens"/> for one call of <paramref name="model"/>; null when the budget is spent.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="model">The model id, to price the call.</param>
    /// <param name="worstCaseTokens">The call's most: its estimated input plus the agent's <c>maxTokensPerCall</c>.</param>
    /// <param name="tokensPerDay">The agent file's daily limit, in force until an operator sets another.</param>
    /// <param name="cancellationToken">Stops the wait for the ledger.</param>
    ValueTask<BudgetHold?> ReserveAsync(string agent, string model, long worstCaseTokens, long tokensPerDay, CancellationToken cancellationToken);

    /// <summary>Settles a reservation with what the call used (nothing, when it failed): the rest is budget again.</summary>
    /// <param name="hold">The reservation.</param>
    /// <param name="usage">The tokens the call used.</param>
    /// <param name="costUsd">The call's cost by the agent file's <c>model.cost</c>.</param>
    /// <param name="answeredBy">The fallback model that answered instead of the reserved one, if one did: priced by its own price when the budget has one.</param>
    /// <returns>The cost charged: <paramref name="costUsd"/>, or the budget's own price for the model when it has one.</returns>
    decimal Settle(BudgetHold hold, TokenUsage usage, decimal costUsd, string? answeredBy = null);

    /// <summary>Completes when <paramref name="agent"/> has budget again (raised, or the period rolled over).</summary>
    Task WaitForBudgetAsync(string agent, CancellationToken cancellationToken);
}

/// <summary>One call's reservation.</summary>
/// <param name="Agent">The agent.</param>
/// <param name="Tokens">Tokens reserved.</param>
/// <param name="Lease">What the budget needs to settle it (opaque to the runtime).</param>
public sealed record BudgetHold(string Agent, long Tokens, object? Lease = null);
