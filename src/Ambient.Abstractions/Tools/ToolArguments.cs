using System.Globalization;
using System.Text.Json;

namespace Ambient.Abstractions.Tools;

/// <summary>
/// The arguments of a tool call, a JSON object as the model wrote it, with typed accessors whose errors the model can act
/// on. Models write numbers as strings now and then, so an integer is also accepted as a string of digits.
/// </summary>
public sealed class ToolArguments
{
    /// <summary>Wraps the arguments object (anything else reads as no arguments).</summary>
    public ToolArguments(JsonElement json)
    {
        Json = json.ValueKind == JsonValueKind.Object ? json.Clone() : JsonDocument.Parse("{}").RootElement.Clone();
    }

    /// <summary>The arguments object as given.</summary>
    public JsonElement Json { get; }

    /// <summary>A required string.</summary>
    /// <exception cref="ToolArgumentException">Missing, empty or not a string.</exception>
    public string GetString(string name) =>
        GetOptionalString(name) is { Length: > 0 } value ? value : throw Missing(name, "a non-empty string");

    /// <summary>A string, or null when absent.</summary>
    /// <exception cref="ToolArgumentException">Present but not a string.</exception>
    public string? GetOptionalString(string name) => Find(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        _ => throw WrongType(name, "a string"),
    };

    /// <summary>A required integer.</summary>
    /// <exception cref="ToolArgumentException">Missing or not an integer.</exception>
    public long GetInt64(string name) => GetOptionalInt64(name) ?? throw Missing(name, "an integer");

    /// <summary>An integer, or null when absent.</summary>
    /// <exception cref="ToolArgumentException">Present but not an integer.</exception>
    public long? GetOptionalInt64(string name) => Find(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } value when value.TryGetInt64(out var number) => number,
        { ValueKind: JsonValueKind.String } value when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => number,
        _ => throw WrongType(name, "an integer"),
    };

    /// <summary>A boolean, or null when absent.</summary>
    /// <exception cref="ToolArgumentException">Present but not a boolean.</exception>
    public bool? GetOptionalBoolean(string name) => Find(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        { ValueKind: JsonValueKind.String } value when bool.TryParse(value.GetString(), out var flag) => flag,
        _ => throw WrongType(name, "true or false"),
    };

    /// <summary>A required array of strings (a single string counts as one item).</summary>
    /// <exception cref="ToolArgumentException">Missing, or not strings.</exception>
    public IReadOnlyList<string> GetStrings(string name) => Find(name) switch
    {
        null => throw Missing(name, "an array of strings"),
        { ValueKind: JsonValueKind.String } value => [value.GetString()!],
        { ValueKind: JsonValueKind.Array } array when array.EnumerateArray().All(i => i.ValueKind == JsonValueKind.String) =>
            [.. array.EnumerateArray().Select(i => i.GetString()!)],
        _ => throw WrongType(name, "an array of strings"),
    };

    private JsonElement? Find(string name) =>
        Json.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static ToolArgumentException Missing(string name, string what) => new($"Argument '{name}' is required: {what}.");

    private static ToolArgumentException WrongType(string name, string what) => new($"Argument '{name}' must be {what}.");
}
