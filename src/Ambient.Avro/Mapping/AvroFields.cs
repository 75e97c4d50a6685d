using System.Collections;
using System.Text.Json;
using Avro.Generic;

namespace Ambient.Avro.Mapping;

/// <summary>Typed reads of generic record fields, and the conversions Ambient's records need.</summary>
internal static class AvroFields
{
    public static string String(GenericRecord record, string field) =>
        OptionalString(record, field) ?? throw Invalid(record, field, "is null but required");

    public static string? OptionalString(GenericRecord record, string field) => Value(record, field) switch
    {
        null => null,
        string text => text,
        var other => throw Invalid(record, field, $"holds a {other.GetType().Name}, not a string"),
    };

    public static long Long(GenericRecord record, string field) => Value(record, field) switch
    {
        long number => number,
        int number => number,
        var other => throw Invalid(record, field, $"holds {other?.GetType().Name ?? "null"}, not a long"),
    };

    public static IReadOnlyList<string> Strings(GenericRecord record, string field) => Value(record, field) switch
    {
        null => [],
        IEnumerable items => [.. items.Cast<object?>().Select(item => item as string ?? throw Invalid(record, field, "holds an item that is not a string"))],
        var other => throw Invalid(record, field, $"holds a {other.GetType().Name}, not an array"),
    };

    /// <summary>timestamp-micros fields hold UTC <see cref="DateTime"/>s; the offset is not kept, the instant is.</summary>
    public static DateTimeOffset Timestamp(GenericRecord record, string field) => Value(record, field) switch
    {
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        var other => throw Invalid(record, field, $"holds {other?.GetType().Name ?? "null"}, not a timestamp"),
    };

    public static DateTime ToTimestamp(DateTimeOffset time) => time.UtcDateTime;

    public static JsonElement Json(GenericRecord record, string field)
    {
        var text = String(record, field);
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new AvroSerializationException(AvroErrorKind.CorruptBody, $"{record.Schema.Fullname}.{field} must be JSON text: {e.Message}", e);
        }
    }

    private static object? Value(GenericRecord record, string field) =>
        record.TryGetValue(field, out var value) ? value : throw Invalid(record, field, "is missing");

    private static AvroSerializationException Invalid(GenericRecord record, string field, string problem) =>
        new(AvroErrorKind.SchemaMismatch, $"{record.Schema.Fullname}.{field} {problem}.");
}
