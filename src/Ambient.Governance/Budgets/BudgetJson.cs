using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ambient.Governance.Budgets;

/// <summary>The JSON of the budget topics: camelCase, enums as camelCase strings.</summary>
public static class BudgetJson
{
    /// <summary>The serializer options every reader and writer of the budget topics uses.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>UTF-8 JSON of <paramref name="value"/>.</summary>
    public static byte[] Encode<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    /// <summary>JSON text of <paramref name="value"/>.</summary>
    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Reads <paramref name="json"/>, or returns null when it is not a <typeparamref name="T"/>.</summary>
    public static T? TryRead<T>(ReadOnlySpan<byte> json)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
