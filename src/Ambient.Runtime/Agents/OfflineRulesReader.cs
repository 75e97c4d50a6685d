using System.Text.RegularExpressions;
using Ambient.Llm.Offline;
using YamlDotNet.RepresentationModel;

namespace Ambient.Runtime.Agents;

/// <summary>Reads the <c>offline.rules</c> section of an agent file into the offline model's rules.</summary>
internal static partial class OfflineRulesReader
{
    public static OfflineRuleSet Read(YamlSection? offline, KnownTools knownTools)
    {
        if (offline is null)
        {
            return OfflineRuleSet.Empty;
        }

        offline.AllowOnly("rules");
        return new OfflineRuleSet([.. offline.SectionList("rules", required: false).Select(rule => ReadRule(rule, knownTools))]);
    }

    private static OfflineRule ReadRule(YamlSection rule, KnownTools knownTools)
    {
        rule.AllowOnly("name", "when", "calls", "reply", "reasoning");
        var when = rule.OptionalSection("when") ?? throw rule.Error(rule.Node, $"{rule.Field("when")} is required");
        when.AllowOnly("types", "fields");
        var fields = when.SectionList("fields", required: false).Select(field =>
        {
            field.AllowOnly("path", "equals", "regex", "exists");
            var path = field.RequiredString("path");
            if (!path.StartsWith('$'))
            {
                throw field.Error(field.Find("path")!, $"{field.Field("path")} must be a JSONPath starting with '$', got '{path}'");
            }

            if (field.OptionalString("regex") is { } pattern)
            {
                try
                {
                    _ = new Regex(pattern);
                }
                catch (ArgumentException ex)
                {
                    throw field.Error(field.Find("regex")!, $"{field.Field("regex")} is not a valid regular expression: {ex.Message}");
                }
            }

            return new FieldCondition(path, field.OptionalString("equals"), field.OptionalString("regex"), field.OptionalBool("exists"));
        }).ToList();

        var named = new HashSet<string>(StringComparer.Ordinal);
        var calls = rule.SectionList("calls", required: false).Select(call =>
        {
            call.AllowOnly("tool", "arguments", "as");
            var tool = call.RequiredString("tool");
            if (knownTools.Problem(tool) is { } problem)
            {
                throw call.Error(call.Find("tool")!, $"{call.Field("tool")} names {problem}");
            }

            var arguments = call.OptionalSection("arguments");
            if (arguments is not null)
            {
                CheckResultReferences(call, arguments.Node, named, rule);
            }

            var name = call.OptionalString("as");
            if (name is not null && (!ResultName().IsMatch(name) || !named.Add(name)))
            {
                throw call.Error(call.Find("as")!, named.Contains(name) && ResultName().IsMatch(name)
                    ? $"{call.Field("as")} '{name}' is already the name of an earlier call's result"
                    : $"{call.Field("as")} '{name}' must be letters, digits and underscores");
            }

            return new OfflineToolCall(tool, arguments is null
                ? new Dictionary<string, System.Text.Json.Nodes.JsonNode?>()
                : arguments.Node.Children.ToDictionary(
                    pair => ((YamlScalarNode)pair.Key).Value!,
                    pair => arguments.ToJson(pair.Value),
                    StringComparer.Ordinal), name);
        }).ToList();

        if (rule.Find("reply") is { } reply)
        {
            CheckResultReferences(rule, reply, named, rule);
        }

        if (rule.Find("reasoning") is { } reasoning)
        {
            CheckResultReferences(rule, reasoning, named, rule);
        }

        return new OfflineRule(rule.RequiredString("name"), new OfflineCondition(when.StringList("types"), fields), calls, rule.OptionalString("reply"),
            rule.OptionalString("reasoning"));
    }

    /// <summary>A template may read only results that an earlier call of its rule names with <c>as:</c>, so it is there when the template renders.</summary>
    private static void CheckResultReferences(YamlSection at, YamlNode node, HashSet<string> named, YamlSection rule)
    {
        foreach (var scalar in node.AllNodes.OfType<YamlScalarNode>())
        {
            foreach (Match reference in ResultReference().Matches(scalar.Value ?? string.Empty))
            {
                var name = reference.Groups["name"].Value;
                if (!named.Contains(name))
                {
                    throw at.Error(scalar, $"{rule.Path} (rule '{rule.OptionalString("name")}') reads results.{name}, which no earlier call of the rule names with 'as: {name}'");
                }
            }
        }
    }

    [GeneratedRegex("\\{\\{\\s*results\\.(?<name>[A-Za-z0-9_]+)")]
    private static partial Regex ResultReference();

    [GeneratedRegex("^[A-Za-z0-9_]+$")]
    private static partial Regex ResultName();
}
