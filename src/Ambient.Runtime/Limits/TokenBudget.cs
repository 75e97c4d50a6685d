namespace Ambient.Runtime.Limits;

/// <summary>
/// Tokens spent per agent per UTC day, against each agent's <c>maxTokensPerDay</c>. Counted in this
/// worker process: with N workers an agent can spend up to N budgets a day (a shared ledger is future work).
/// </summary>
public sealed class TokenBudget(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (DateOnly Day, long Used)> _spent = new(StringComparer.Ordinal);

    /// <summary>Tokens <paramref name="agent"/> has used today.</summary>
    public long UsedToday(string agent)
    {
        lock (_lock)
        {
            return _spent.TryGetValue(agent, out var entry) && entry.Day == Today ? entry.Used : 0;
        }
    }

    /// <summary>True while <paramref name="agent"/> has budget left today.</summary>
    public bool HasBudget(string agent, long maxPerDay) => UsedToday(agent) < maxPerDay;

    /// <summary>Adds spent tokens.</summary>
    public void Record(string agent, long tokens)
    {
        lock (_lock)
        {
            var today = Today;
            var used = _spent.TryGetValue(agent, out var entry) && entry.Day == today ? entry.Used : 0;
            _spent[agent] = (today, used + tokens);
        }
    }

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
}
