using System.Text.Json;
using Ambient.Abstractions.Events;

namespace Ambient.Llm.Offline;

/// <summary>
/// Finds the first rule of an <see cref="OfflineRuleSet"/> that matches an event. Construction checks every
/// rule (globs, JSONPaths, regexes, templates, tool names), so a bad rule fails when the agent is loaded,
/// not when its first event arrives.
/// </summary>
public sealed class OfflineRuleMatcher
{
    private readonly CompiledRule[] _rules;

    /// <summary>Checks and prepares <paramref name="rules"/>.</summary>
    /// <exception cref="OfflineRuleException">A rule is unusable; the message names the rule and what is wrong.</exception>
    public OfflineRuleMatcher(OfflineRuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = [.. rules.Rules.Select(CompiledRule.Compile)];
    }

    /// <summary>The first rule whose condition holds for <paramref name="event"/>, or null when none does.</summary>
    public OfflineRule? Match(AmbientEvent @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return Match(@event, @event.TryGetJsonData())?.Source;
    }

    internal CompiledRule? Match(AmbientEvent @event, JsonElement? data) =>
        _rules.FirstOrDefault(rule => rule.IsMatch(@event, data));
}
