namespace Ambient.Llm.Offline;

/// <summary>An agent's offline rules, tried in order; the first whose condition matches the event decides.</summary>
public sealed record OfflineRuleSet(IReadOnlyList<OfflineRule> Rules)
{
    /// <summary>No rules: every event gets a "nothing to do" answer.</summary>
    public static OfflineRuleSet Empty { get; } = new([]);
}
