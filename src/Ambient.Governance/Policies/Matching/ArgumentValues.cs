using System.Globalization;
using System.Text.Json;

namespace Ambient.Governance.Policies.Matching;

/// <summary>How argument conditions see JSON values: as text for regexes and equality, as numbers for comparisons.</summary>
internal static class ArgumentValues
{
    private const int MaxShown = 80;

    /// <summary>A JSON null counts as absent, as in offline rules: <c>exists</c> is false for it.</summary>
    public static bool IsPresent(JsonElement value) => value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);

    /// <summary>Strings without quotes, numbers and booleans as written, objects and arrays as compact JSON.</summary>
    public static string ToText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? string.Empty,
        JsonValueKind.Object or JsonValueKind.Array => JsonSerializer.Serialize(value),
        _ => value.GetRawText(),
    };

    /// <summary>A number, or a string holding one (<c>"12"</c>, invariant culture); never NaN or infinite.</summary>
    public static bool TryNumber(JsonElement value, out double number)
    {
        number = 0;
        var found = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetDouble(out number),
            JsonValueKind.String => double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number),
            _ => false,
        };
        return found && double.IsFinite(number);
    }

    /// <summary>Equal as numbers when both are numbers (<c>10</c> and <c>10.0</c>), otherwise as text, ordinally.</summary>
    public static bool AreEqual(JsonElement value, string expected) =>
        value.ValueKind == JsonValueKind.Number
        && value.TryGetDecimal(out var number)
        && decimal.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out var wanted)
            ? number == wanted
            : string.Equals(ToText(value), expected, StringComparison.Ordinal);

    /// <summary>The value for an explanation: text quoted, long values cut.</summary>
    public static string Show(JsonElement value)
    {
        var text = ToText(value);
        if (text.Length > MaxShown)
        {
            text = string.Concat(text.AsSpan(0, MaxShown), "...");
        }

        return value.ValueKind == JsonValueKind.String ? $"'{text}'" : text;
    }
}
