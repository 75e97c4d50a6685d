using Ambient.Llm.Offline;

namespace Ambient.Runtime.Agents;

/// <summary>Reads the <c>offline.rules</c> section of an agent file into the offline model's rules.</summary>
internal static class OfflineRulesReader
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
        rule.AllowOnly("name", "when", "calls", "reply");
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
                    _ = new System.Text.RegularExpressions.Regex(pattern);
                }
                catch (ArgumentException ex)
                {
                    throw field.Error(field.Find("regex")!, $"{field.Field("regex")} is not a valid regular expression: {ex.Message}");
                }
            }

            return new FieldCondition(path, field.OptionalString("equals"), field.OptionalString("regex"), field.OptionalBool("exists"));
        }).ToList();

        var calls = rule.SectionList("calls", required: false).Select(call =>
        {
            call.AllowOnly("tool", "arguments");
            var tool = call.RequiredString("tool");
            if (knownTools.Problem(tool) is { } problem)
            {
                throw call.Error(call.Find("tool")!, $"{call.Field("tool")} names {problem}");
            }

            var arguments = call.OptionalSection("arguments");
            return new OfflineToolCall(tool, arguments is null
                ? new Dictionary<string, System.Text.Json.Nodes.JsonNode?>()
                : arguments.Node.Children.ToDictionary(
                    pair => ((YamlDotNet.RepresentationModel.YamlScalarNode)pair.Key).Value!,
                    pair => arguments.ToJson(pair.Value),
                    StringComparer.Ordinal));
        }).ToList();

        return new OfflineRule(rule.RequiredString("name"), new OfflineCondition(when.StringList("types"), fields), calls, rule.OptionalString("reply"));
    }
}
