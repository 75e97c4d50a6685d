using Ambient.Llm;

namespace Ambient.Runtime.Limits;

/// <summary>
/// Tokens spent per agent per UTC day, against each agent's <c>maxTokensPerDay</c>, counted in this process: what
/// replays, benches and tests use. A worker uses the shared ledger instead, so N replicas share one budget.
/// </summary>
public sealed class TokenBudget(TimeProvider time) : IRunBudget
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (DateOnly Day, long Used, long Limit)> _spent = new(StringComparer.Ordinal);

    /// <summary>Adds spent tokens.</summary>
    public void Record(string agent, long tokens)
    {
        lock (_lock)
        {
            var today = Today;
            var (day, used, limit) = _spent.GetValueOrDefault(agent, (today, 0, long.MaxValue));
            _spent[agent] = (today, (day == today ? used : 0) + tokens, limit);
        }
    }

    /// <inheritdoc/>
    public bool IsSpent(string agent)
    {
        lock (_lock)
        {
            return _spent.TryGetValue(agent, out var entry) && entry.Day == Today && entry.Used >= entry.Limit;
        }
    }

    /// <inheritdoc/>
    public ValueTask<BudgetHold?> ReserveAsync(string agent, string model, long worstCaseTokens, long tokensPerDay, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var today = Today;
            var (day, used, _) = _spent.GetValueOrDefault(agent, (today, 0, tokensPerDay));
            used = day == today ? used : 0;
            _spent[agent] = (today, used, tokensPerDay);
            return ValueTask.FromResult(used < tokensPerDay ? new BudgetHold(agent, worstCaseTokens) : null);
        }
    }

    /// <inheritdoc/>
    public decimal Settle(BudgetHold hold, TokenUsage usage, decimal costUsd, string? answeredBy = null)
    {
        ArgumentNullException.ThrowIfNull(hold);
        Record(hold.Agent, usage.Total);
        return costUsd;
    }

    /// <inheritdoc/>
    /// <remarks>Counted in this process, a budget comes back only with the next UTC day.</remarks>
    public async Task WaitForBudgetAsync(string agent, CancellationToken cancellationToken)
    {
        while (IsSpent(agent))
        {
            var now = time.GetUtcNow();
            var midnight = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
            await Task.Delay(midnight - now, time, cancellationToken);
        }
    }

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
}
