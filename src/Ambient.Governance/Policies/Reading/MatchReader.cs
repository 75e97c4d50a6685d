using System.Globalization;
using Ambient.Governance.Policies.Matching;

namespace Ambient.Governance.Policies.Reading;

/// <summary>
/// Reads a rule's <c>match</c> into conditions, cheapest first: names (agents, tools, targets, event types, ingress),
/// then arguments, confidence and time. Every condition given must hold; a missing or empty match matches every call.
/// </summary>
internal static class MatchReader
{
    private static readonly string[] s_keys = ["agents", "tools", "targets", "eventTypes", "ingress", "arguments", "confidence", "time"];

    public static RuleMatch Read(YamlMap rule)
    {
        if (rule.OptionalMap("match") is not { } match)
        {
            return RuleMatch.Everything;
        }

        match.AllowOnly(s_keys);
        var conditions = new List<IRuleCondition>();
        AddGlobs(conditions, match, "agents", "agent", input => input.Agent);
        AddGlobs(conditions, match, "tools", "tool", input => input.Tool);
        AddGlobs(conditions, match, "targets", "target", input => input.Target);
        AddGlobs(conditions, match, "eventTypes", "event type", input => input.EventType);
        if (ReadIngress(match) is { } ingress)
        {
            conditions.Add(ingress);
        }

        conditions.AddRange(ArgumentsReader.Read(match));
        if (ReadConfidence(match) is { } confidence)
        {
            conditions.Add(confidence);
        }

        if (TimeReader.Read(match) is { } time)
        {
            conditions.Add(time);
        }

        return conditions.Count == 0 ? RuleMatch.Everything : new RuleMatch(conditions);
    }

    private static void AddGlobs(List<IRuleCondition> conditions, YamlMap match, string key, string subject, Func<PolicyInput, string?> select)
    {
        if (match.OptionalList(key) is not { } patterns)
        {
            return;
        }

        var globs = new List<Glob>();
        foreach (var (pattern, index) in patterns.Select((pattern, index) => (pattern, index)))
        {
            var text = pattern.Value!;
            var problem = Glob.Problem(text);
            if (problem is null && key == "tools" && !text.Contains('.', StringComparison.Ordinal) && !text.Contains('*', StringComparison.Ordinal))
            {
                // Tool names are always plugin.function: a bare 'github' would silently never match.
                problem = $"can never match: tool names are plugin.function (did you mean '{text}.*'?)";
            }

            if (problem is not null)
            {
                throw match.Error(pattern, $"{match.Item(key, index)} '{text}' is not a valid glob: it {problem}");
            }

            globs.Add(Glob.Create(text));
        }

        conditions.Add(new GlobCondition(subject, select, globs));
    }

    private static IngressCondition? ReadIngress(YamlMap match)
    {
        if (match.OptionalList("ingress") is not { } kinds)
        {
            return null;
        }

        foreach (var (kind, index) in kinds.Select((kind, index) => (kind, index)))
        {
            if (IngressCondition.Problem(kind.Value!) is { } problem)
            {
                throw match.Error(kind, $"{match.Item("ingress", index)} '{kind.Value}' {problem}");
            }
        }

        return new IngressCondition([.. kinds.Select(kind => kind.Value!)]);
    }

    private static ConfidenceCondition? ReadConfidence(YamlMap match)
    {
        if (match.OptionalMap("confidence") is not { } section)
        {
            return null;
        }

        section.AllowOnly("below", "atLeast");
        var below = ReadFraction(section, "below");
        var atLeast = ReadFraction(section, "atLeast");
        if (below is null && atLeast is null)
        {
            throw section.Error(section.Node, $"{match.Field("confidence")} must set below, atLeast or both");
        }

        if (below <= atLeast)
        {
            throw section.Error(section.Find("below")!, string.Create(CultureInfo.InvariantCulture,
                $"{section.Field("below")} {below} must be greater than {section.Field("atLeast")} {atLeast}, or nothing can match"));
        }

        return new ConfidenceCondition(below, atLeast);
    }

    private static double? ReadFraction(YamlMap section, string key) => section.OptionalNumber(key) switch
    {
        null => null,
        >= 0 and <= 1 and var fraction => fraction,
        var other => throw section.Error(section.Find(key)!, string.Create(CultureInfo.InvariantCulture, $"{section.Field(key)} must be between 0 and 1, got {other}")),
    };
}
