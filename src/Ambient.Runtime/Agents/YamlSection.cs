using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ambient.Runtime.Agents;

/// <summary>
/// A YAML mapping being read into an agent definition, remembering its file and dotted path so every
/// error names file, line, column and field. Unknown keys are errors: a typo must not silently become
/// a default.
/// </summary>
internal sealed class YamlSection(string file, string path, YamlMappingNode node)
{
    public string File { get; } = file;

    public string Path { get; } = path;

    public YamlMappingNode Node { get; } = node;

    public void AllowOnly(params string[] keys)
    {
        foreach (var key in Node.Children.Keys.OfType<YamlScalarNode>())
        {
            if (!keys.Contains(key.Value, StringComparer.Ordinal))
            {
                throw Error(key, $"{Field(key.Value!)} is not a known field (expected one of: {string.Join(", ", keys)})");
            }
        }
    }

    public string RequiredString(string key) =>
        OptionalString(key) ?? throw Error(Node, $"{Field(key)} is required");

    public string? OptionalString(string key)
    {
        if (Find(key) is not { } value)
        {
            return null;
        }

        return value is YamlScalarNode { Value: { } text } && value.Tag != "tag:yaml.org,2002:null"
            ? text
            : throw Error(value, $"{Field(key)} must be a text value");
    }

    public int OptionalPositiveInt(string key, int fallback) =>
        (int)OptionalPositiveLong(key, fallback, int.MaxValue);

    public long OptionalPositiveLong(string key, long fallback, long max = long.MaxValue)
    {
        if (Find(key) is not { } value)
        {
            return fallback;
        }

        if (value is YamlScalarNode { Value: { } text }
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 && number <= max)
        {
            return number;
        }

        throw Error(value, $"{Field(key)} must be a positive integer, got '{(value as YamlScalarNode)?.Value}'");
    }

    public decimal OptionalDecimal(string key)
    {
        if (Find(key) is not { } value)
        {
            return 0;
        }

        return value is YamlScalarNode { Value: { } text }
            && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) && number >= 0
            ? number
            : throw Error(value, $"{Field(key)} must be a non-negative number, got '{(value as YamlScalarNode)?.Value}'");
    }

    public bool? OptionalBool(string key)
    {
        if (Find(key) is not { } value)
        {
            return null;
        }

        return value is YamlScalarNode { Value: "true" or "false" } scalar
            ? scalar.Value == "true"
            : throw Error(value, $"{Field(key)} must be true or false");
    }

    public IReadOnlyList<string> StringList(string key)
    {
        return Find(key) switch
        {
            null => [],
            YamlScalarNode { Value: { } single } => [single],
            YamlSequenceNode sequence => [.. sequence.Children.Select((item, i) => item is YamlScalarNode { Value: { } text }
                ? text
                : throw Error(item, $"{Field(key)}[{i}] must be a text value"))],
            var other => throw Error(other, $"{Field(key)} must be a list of text values"),
        };
    }

    public YamlSection? OptionalSection(string key) => Find(key) switch
    {
        null => null,
        YamlMappingNode mapping => new YamlSection(File, Field(key), mapping),
        var other => throw Error(other, $"{Field(key)} must be a mapping"),
    };

    public IReadOnlyList<YamlSection> SectionList(string key, bool required)
    {
        return Find(key) switch
        {
            null when required => throw Error(Node, $"{Field(key)} is required"),
            null => [],
            YamlSequenceNode sequence => [.. sequence.Children.Select((item, i) => item is YamlMappingNode mapping
                ? new YamlSection(File, $"{Field(key)}[{i}]", mapping)
                : throw Error(item, $"{Field(key)}[{i}] must be a mapping"))],
            var other => throw Error(other, $"{Field(key)} must be a list"),
        };
    }

    /// <summary>Converts a YAML value to JSON: plain scalars that read as numbers or booleans keep that type.</summary>
    public JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "null" or "~" } => null,
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } scalar => JsonValue.Create(scalar.Value == "true"),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: { } text } when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: { } text } when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) => JsonValue.Create(real),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value ?? string.Empty),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(pair => KeyValuePair.Create(((YamlScalarNode)pair.Key).Value!, ToJson(pair.Value)))),
        _ => throw Error(node, "unsupported YAML value"),
    };

    public YamlNode? Find(string key) =>
        Node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public string Field(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public AgentDefinitionException Error(YamlNode at, string message) =>
        new($"{File}:{at.Start.Line}:{at.Start.Column}: {message}");
}
