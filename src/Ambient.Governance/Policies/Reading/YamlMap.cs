using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ambient.Governance.Policies.Reading;

/// <summary>
/// A YAML mapping of a policy file being read, remembering its file and field path so every error names file, line,
/// column and field. Unknown keys are errors: a typo must not silently loosen a policy.
/// </summary>
internal sealed class YamlMap(string file, string path, YamlMappingNode node)
{
    public string File => file;

    public YamlMappingNode Node => node;

    public void AllowOnly(params string[] keys)
    {
        foreach (var key in node.Children.Keys)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                throw Error(key, $"{(path.Length == 0 ? "the policy" : path)} has a key that is not a plain name");
            }

            if (!keys.Contains(name, StringComparer.Ordinal))
            {
                throw Error(key, $"{Field(name)} is not a known field (expected one of: {string.Join(", ", keys)})");
            }
        }
    }

    /// <summary>The value under <paramref name="key"/>; null when the key is absent or its value is empty (<c>key:</c>, <c>~</c>, <c>null</c>).</summary>
    public YamlNode? Find(string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && !IsNull(value) ? value : null;

    public string RequiredString(string key) => OptionalString(key) ?? throw Error(node, $"{Field(key)} is required");

    public string? OptionalString(string key) => Find(key) switch
    {
        null => null,
        var value => Text(value, Field(key)),
    };

    /// <summary>A list of text values (a single value counts as a list of one), each with its node for errors.</summary>
    public IReadOnlyList<YamlScalarNode>? OptionalList(string key) => Find(key) switch
    {
        null => null,
        YamlScalarNode single => [single],
        YamlSequenceNode { Children.Count: 0 } empty => throw Error(empty, $"{Field(key)} must list at least one value (leave it out to match any)"),
        YamlSequenceNode sequence => [.. sequence.Children.Select((item, i) => item is YamlScalarNode scalar && !IsNull(scalar)
            ? scalar
            : throw Error(item, $"{Item(key, i)} must be a text value"))],
        var other => throw Error(other, $"{Field(key)} must be a list of text values"),
    };

    public bool? OptionalBool(string key) => Find(key) switch
    {
        null => null,
        YamlScalarNode { Value: "true" or "false" } scalar => scalar.Value == "true",
        var other => throw Error(other, $"{Field(key)} must be true or false"),
    };

    public double? OptionalNumber(string key)
    {
        if (Find(key) is not { } value)
        {
            return null;
        }

        return value is YamlScalarNode { Value: { } text }
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number
            : throw Error(value, $"{Field(key)} must be a number, got {Describe(value)}");
    }

    public YamlMap? OptionalMap(string key) => Find(key) switch
    {
        null => null,
        YamlMappingNode mapping => new YamlMap(file, Field(key), mapping),
        var other => throw Error(other, $"{Field(key)} must be a mapping"),
    };

    public IReadOnlyList<YamlMap> MapList(string key) => Find(key) switch
    {
        null => [],
        YamlSequenceNode sequence => [.. sequence.Children.Select((item, i) => item is YamlMappingNode mapping
            ? new YamlMap(file, Item(key, i), mapping)
            : throw Error(item, $"{Item(key, i)} must be a mapping"))],
        var other => throw Error(other, $"{Field(key)} must be a list"),
    };

    public string Field(string key) => path.Length == 0 ? key : $"{path}.{key}";

    public string Item(string key, int index) => string.Create(CultureInfo.InvariantCulture, $"{Field(key)}[{index}]");

    public string Text(YamlNode value, string field) =>
        value is YamlScalarNode { Value: { } text } ? text : throw Error(value, $"{field} must be a text value");

    public PolicyException Error(YamlNode at, string message) => Error(file, at.Start, message);

    public static PolicyException Error(string file, Mark at, string message, Exception? cause = null)
    {
        var text = $"{file}:{at.Line}:{at.Column}: {message}";
        return cause is null ? new PolicyException(text) : new PolicyException(text, cause);
    }

    private static bool IsNull(YamlNode value) =>
        value is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" };

    private static string Describe(YamlNode value) => value is YamlScalarNode { Value: { } text } ? $"'{text}'" : "a list or mapping";
}
