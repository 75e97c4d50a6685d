using System.Text.RegularExpressions;
using Ambient.Abstractions.Json;
using Ambient.Governance.Policies.Matching;

namespace Ambient.Governance.Policies.Reading;

/// <summary>Reads <c>arguments</c>: each entry a JSONPath into the call's arguments and one or more tests, all of which must hold.</summary>
internal static class ArgumentsReader
{
    // Every regex in a policy gets this much time per match; past it the test counts as no match, so a pattern that
    // backtracks without end costs a tool call 100 ms instead of hanging the worker.
    private static readonly TimeSpan s_regexTimeout = TimeSpan.FromMilliseconds(100);

    private static readonly string[] s_tests = ["regex", "equals", "in", "exists", "greaterThan", "greaterOrEqual", "lessThan", "lessOrEqual"];

    private static readonly (string Key, ComparisonKind Kind)[] s_comparisons =
    [
        ("greaterThan", ComparisonKind.GreaterThan),
        ("greaterOrEqual", ComparisonKind.GreaterOrEqual),
        ("lessThan", ComparisonKind.LessThan),
        ("lessOrEqual", ComparisonKind.LessOrEqual),
    ];

    public static IEnumerable<ArgumentCondition> Read(YamlMap match)
    {
        var entries = match.MapList("arguments");
        if (entries.Count == 0 && match.Find("arguments") is { } empty)
        {
            throw match.Error(empty, $"{match.Field("arguments")} must list at least one condition (leave it out to match any)");
        }

        return [.. entries.Select(ReadOne)];
    }

    private static ArgumentCondition ReadOne(YamlMap entry)
    {
        entry.AllowOnly(["path", .. s_tests]);
        var pathText = entry.RequiredString("path");
        JsonPathExpression path;
        try
        {
            path = JsonPathExpression.Parse(pathText);
        }
        catch (FormatException ex)
        {
            throw entry.Error(entry.Find("path")!, $"{entry.Field("path")} is not a supported JSONPath: {ex.Message}");
        }

        var tests = new List<ArgumentTest>();
        if (entry.OptionalString("regex") is { } pattern)
        {
            tests.Add(ArgumentTest.Matches(CompileRegex(entry, pattern)));
        }

        if (entry.Find("equals") is { } expected)
        {
            tests.Add(ArgumentTest.EqualTo(entry.Text(expected, entry.Field("equals"))));
        }

        if (entry.OptionalList("in") is { } allowed)
        {
            tests.Add(ArgumentTest.OneOf([.. allowed.Select(value => value.Value!)]));
        }

        if (entry.OptionalBool("exists") is { } exists)
        {
            tests.Add(ArgumentTest.Exists(exists));
        }

        foreach (var (key, kind) in s_comparisons)
        {
            if (entry.OptionalNumber(key) is { } bound)
            {
                tests.Add(ArgumentTest.Compare(kind, bound));
            }
        }

        return tests.Count > 0
            ? new ArgumentCondition(path, tests)
            : throw entry.Error(entry.Node, $"{entry.Field("path")} '{pathText}' has no test: give one of {string.Join(", ", s_tests)}");
    }

    private static Regex CompileRegex(YamlMap entry, string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, s_regexTimeout);
        }
        catch (ArgumentException ex)
        {
            throw entry.Error(entry.Find("regex")!, $"{entry.Field("regex")} '{pattern}' is not a valid regex: {ex.Message}");
        }
    }
}
