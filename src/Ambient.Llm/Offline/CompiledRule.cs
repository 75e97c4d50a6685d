using System.Text.Json;
using Ambient.Abstractions.Events;

namespace Ambient.Llm.Offline;

/// <summary>An <see cref="OfflineRule"/> with every glob, path, regex and template checked and parsed.</summary>
internal sealed class CompiledRule
{
    private readonly string[] _types;
    private readonly CompiledFieldCondition[] _fields;

    private CompiledRule(OfflineRule source, string[] types, CompiledFieldCondition[] fields, CompiledToolCall[] calls, OfflineTemplate? reply, OfflineTemplate? reasoning)
    {
        Source = source;
        _types = types;
        _fields = fields;
        Calls = calls;
        Reply = reply;
        Reasoning = reasoning;
        Turns = TurnsOf(source.Name, calls, reply);
    }

    /// <summary>
    /// The calls grouped by model turn: a call that reads an earlier call's result comes one turn after it, so its
    /// result is in the conversation when the call's arguments are rendered. Each call keeps its index in the rule.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<(int Index, CompiledToolCall Call)>> Turns { get; }

    /// <summary>The rule as the agent declared it.</summary>
    public OfflineRule Source { get; }

    /// <summary>The rule's name.</summary>
    public string Name => Source.Name;

    /// <summary>The tool calls to ask for, in order.</summary>
    public IReadOnlyList<CompiledToolCall> Calls { get; }

    /// <summary>The final answer template, or null for the default summary.</summary>
    public OfflineTemplate? Reply { get; }

    /// <summary>What the model says alongside its tool calls, or null.</summary>
    public OfflineTemplate? Reasoning { get; }

    /// <summary>Checks and parses <paramref name="rule"/>.</summary>
    /// <exception cref="OfflineRuleException">Something in the rule is unusable; the message names the rule and the text.</exception>
    public static CompiledRule Compile(OfflineRule rule)
    {
        if (string.IsNullOrWhiteSpace(rule.Name))
        {
            throw new OfflineRuleException("Every offline rule needs a name.");
        }

        if (rule.When.Types.Any(string.IsNullOrEmpty))
        {
            throw new OfflineRuleException($"Offline rule '{rule.Name}': a types entry is empty; use '*' for any type.");
        }

        return new CompiledRule(
            rule,
            [.. rule.When.Types],
            [.. rule.When.Fields.Select(field => CompiledFieldCondition.Compile(rule.Name, field))],
            [.. rule.Calls.Select(call => CompiledToolCall.Compile(rule.Name, call))],
            Template(rule, "reply", rule.Reply),
            Template(rule, "reasoning", rule.Reasoning));
    }

    private static OfflineTemplate? Template(OfflineRule rule, string field, string? text)
    {
        try
        {
            return text is null ? null : OfflineTemplate.Parse(text);
        }
        catch (OfflineRuleException e)
        {
            throw new OfflineRuleException($"Offline rule '{rule.Name}', {field}: {e.Message}", e);
        }
    }

    private static List<IReadOnlyList<(int Index, CompiledToolCall Call)>> TurnsOf(string rule, CompiledToolCall[] calls, OfflineTemplate? reply)
    {
        var turnOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var turns = new int[calls.Length];
        for (var i = 0; i < calls.Length; i++)
        {
            turns[i] = 0;
            foreach (var name in calls[i].ReferencedResults)
            {
                turns[i] = Math.Max(turns[i], (turnOf.TryGetValue(name, out var producer) ? producer : throw Unknown(rule, $"call {i + 1} ({calls[i].PluginName}.{calls[i].FunctionName})", name)) + 1);
            }

            if (calls[i].ResultName is { } own && !turnOf.TryAdd(own, turns[i]))
            {
                throw new OfflineRuleException($"Offline rule '{rule}': two calls are named 'as: {own}'.");
            }
        }

        if (reply?.ReferencedResults.FirstOrDefault(name => !turnOf.ContainsKey(name)) is { } missing)
        {
            throw Unknown(rule, "the reply", missing);
        }

        return [.. Enumerable.Range(0, calls.Length).GroupBy(i => turns[i]).OrderBy(g => g.Key)
            .Select(g => (IReadOnlyList<(int, CompiledToolCall)>)[.. g.Select(i => (i, calls[i]))])];
    }

    private static OfflineRuleException Unknown(string rule, string where, string name) =>
        new($"Offline rule '{rule}': {where} reads results.{name}, which no earlier call of the rule names with 'as: {name}'.");

    /// <summary>True when the event's type matches any glob (or there are none) and every field condition holds.</summary>
    public bool IsMatch(AmbientEvent @event, JsonElement? data) =>
        (_types.Length == 0 || _types.Any(type => TypeGlob.IsMatch(type, @event.Type)))
        && _fields.All(field => field.IsMatch(data));
}
