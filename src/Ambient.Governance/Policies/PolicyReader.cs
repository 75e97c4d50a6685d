using System.Text.RegularExpressions;
using Ambient.Governance.Policies.Reading;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ambient.Governance.Policies;

/// <summary>
/// Reads one policy file. Everything that could fail later is checked now: unknown keys, names, globs, regexes, JSONPaths,
/// numbers, durations, days, times and time zones, so a bad policy fails the load, never a tool call.
/// </summary>
public static partial class PolicyReader
{
    private static readonly string[] s_policyKeys = ["name", "description", "default", "approvers", "expiresIn", "onExpiry", "rules"];

    /// <summary>Reads the policy in <paramref name="yaml"/>.</summary>
    /// <param name="file">The file the YAML came from, for errors and <see cref="PolicyDocument.SourceFile"/>.</param>
    /// <param name="yaml">The file's text.</param>
    /// <returns>The policy, compiled.</returns>
    /// <exception cref="PolicyException">The policy cannot be used; the message names file, line, column and field.</exception>
    public static PolicyDocument Read(string file, string yaml)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(yaml);
        var root = Parse(file, yaml);
        root.AllowOnly(s_policyKeys);
        var name = root.RequiredString("name");
        var nameNode = root.Find("name")!;
        if (!IsName(name))
        {
            throw root.Error(nameNode, $"name '{name}' must be lower-case letters, digits and dashes, starting with a letter");
        }

        var @default = ReadVerdict(root, "default") ?? PolicyVerdict.Allow;
        var approval = ApprovalReader.Read(root, @default, "default");
        return new PolicyDocument(name, root.OptionalString("description"), @default, approval, ReadRules(root), file, yaml,
            (nameNode.Start.Line, nameNode.Start.Column));
    }

    private static YamlMap Parse(string file, string yaml)
    {
        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(yaml));
        try
        {
            stream.Load(new Parser(scanner));
        }
        catch (YamlException ex)
        {
            throw YamlMap.Error(file, ex.Start, $"not valid YAML: {YamlProblem().Replace(ex.Message, string.Empty)}", ex);
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet's scanner gives up this way on some unterminated flow collections ("[a" then a new line);
            // where it stopped is the best position there is.
            throw YamlMap.Error(file, scanner.CurrentPosition, "not valid YAML: the parser could not go on from here (an unclosed [ or {?)", ex);
        }

        return stream.Documents switch
        {
            [] or [{ RootNode: YamlScalarNode { Value: null or "" } }] =>
                throw YamlMap.Error(file, Mark.Empty, "the file is empty; a policy file holds one policy (name, rules)"),
            [_, var second, ..] => throw YamlMap.Error(file, second.RootNode.Start, "a policy file holds one YAML document, this one holds more"),
            [{ RootNode: YamlMappingNode mapping }] => new YamlMap(file, string.Empty, mapping),
            [var other] => throw YamlMap.Error(file, other.RootNode.Start, "a policy file must be a mapping (name, rules)"),
        };
    }

    private static List<PolicyRule> ReadRules(YamlMap root)
    {
        var rules = new List<PolicyRule>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (section, index) in root.MapList("rules").Select((section, index) => (section, index)))
        {
            var rule = RuleReader.Read(section);
            if (!seen.TryAdd(rule.Name, root.Item("rules", index)))
            {
                throw section.Error(section.Find("name")!, $"{section.Field("name")} '{rule.Name}' is already the name of {seen[rule.Name]}");
            }

            rules.Add(rule);
        }

        return rules;
    }

    internal static PolicyVerdict? ReadVerdict(YamlMap map, string key)
    {
        if (map.OptionalString(key) is not { } text)
        {
            return null;
        }

        return PolicyVerdicts.Parse(text)
            ?? throw map.Error(map.Find(key)!, $"{map.Field(key)} must be one of {string.Join(", ", PolicyVerdicts.Names)}, got '{text}'");
    }

    /// <summary>Policy and rule names: <c>[a-z][a-z0-9-]*</c>, so they read well in keys, explanations and CLI output.</summary>
    internal static bool IsName(string name) => NamePattern().IsMatch(name);

    [GeneratedRegex("^[a-z][a-z0-9-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    // YamlDotNet's messages repeat the position we already print: "(Line: 3, Col: 5, Idx: 20) - (Line: 3, Col: 6, Idx: 21): ".
    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ", RegexOptions.CultureInvariant)]
    private static partial Regex YamlProblem();
}
