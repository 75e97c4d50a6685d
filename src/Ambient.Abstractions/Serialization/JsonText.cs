using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ambient.Abstractions.Serialization;

/// <summary>
/// A JSON value kept as its UTF-8 text, parsed only when something looks inside. A checkpoint's state and model replies
/// are written at every step and read back only by a resume, a replay or a person: holding them as a
/// <see cref="JsonElement"/> meant parsing every one of them again right after serializing it.
/// </summary>
[JsonConverter(typeof(JsonTextConverter))]
public sealed class JsonText : IEquatable<JsonText>
{
    private readonly byte[]? _utf8;
    private JsonElement? _element;

    private JsonText(byte[]? utf8, JsonElement? element)
    {
        _utf8 = utf8;
        _element = element;
    }

    /// <summary>No value (a step whose state was dropped from memory); written as JSON <c>null</c>.</summary>
    public static JsonText None { get; } = new(null, default(JsonElement));

    /// <summary>True for <see cref="None"/>.</summary>
    public bool IsNone => _utf8 is null && _element is { ValueKind: JsonValueKind.Undefined };

    /// <summary>The value's UTF-8 JSON text; empty for <see cref="None"/>.</summary>
    public ReadOnlySpan<byte> Utf8 => _utf8 is not null
        ? _utf8
        : _element is { ValueKind: not JsonValueKind.Undefined } element ? JsonMarshal.GetRawUtf8Value(element) : default;

    /// <summary>The value, parsed on first use; an undefined element for <see cref="None"/>.</summary>
    /// <exception cref="JsonException">The text is not JSON (only possible for text wrapped by <see cref="FromTrustedUtf8"/>).</exception>
    public JsonElement Element
    {
        get
        {
            // Two threads may both parse: the results are equal, and either may be kept.
            if (_element is not { } element)
            {
                var reader = new Utf8JsonReader(_utf8);
                _element = element = JsonElement.ParseValue(ref reader);
            }

            return element;
        }
    }

    /// <summary>
    /// Wraps JSON text this process just wrote with a JSON writer (not validated again). The array is the value's from
    /// now on: the caller must not change it.
    /// </summary>
    public static JsonText FromTrustedUtf8(byte[] utf8)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        return new(utf8, null);
    }

    /// <summary>
    /// Checks that <paramref name="utf8"/> is one JSON value and keeps it as it is, unparsed: reading a checkpoint back
    /// need not build a document for a state that is only looked inside when a run resumes. The array is the value's
    /// from now on: the caller must not change it.
    /// </summary>
    /// <exception cref="JsonException">It is not one JSON value.</exception>
    public static JsonText ParseUtf8(byte[] utf8)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        var reader = new Utf8JsonReader(utf8);
        while (reader.Read())
        {
            // Reading to the end validates every token, and that nothing follows the value.
        }

        return new(utf8, null);
    }

    /// <summary>Wraps an element (one that owns its document, such as a clone or a deserialized value); a default element is <see cref="None"/>.</summary>
    public static JsonText From(JsonElement element) => element.ValueKind == JsonValueKind.Undefined ? None : new(null, element);

    /// <summary>Parses <paramref name="json"/>.</summary>
    /// <exception cref="JsonException">It is not JSON.</exception>
    public static JsonText Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return From(document.RootElement.Clone());
    }

    /// <inheritdoc/>
    public bool Equals(JsonText? other) => other is not null && IsNone == other.IsNone && Utf8.SequenceEqual(other.Utf8);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as JsonText);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Utf8);
        return hash.ToHashCode();
    }

    /// <summary>The JSON text (<c>null</c> for <see cref="None"/>).</summary>
    public override string ToString() => IsNone ? "null" : Encoding.UTF8.GetString(Utf8);
}

/// <summary>Writes a <see cref="JsonText"/> as its JSON value, and reads any JSON value into one.</summary>
public sealed class JsonTextConverter : JsonConverter<JsonText>
{
    /// <inheritdoc/>
    public override bool HandleNull => true;

    /// <inheritdoc/>
    public override JsonText Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonText.From(JsonElement.ParseValue(ref reader));

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, JsonText value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null || value.IsNone)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteRawValue(value.Utf8, skipInputValidation: true);
    }
}
