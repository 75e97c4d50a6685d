using System.Collections;
using System.Text;
using System.Text.Json;
using Ambient.Abstractions.Serialization;
using Avro;
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

    public static int Int(GenericRecord record, string field) => Value(record, field) switch
    {
        int number => number,
        var other => throw Invalid(record, field, $"holds {other?.GetType().Name ?? "null"}, not an int"),
    };

    public static string Symbol(GenericRecord record, string field) => Value(record, field) switch
    {
        GenericEnum symbol => symbol.Value,
        var other => throw Invalid(record, field, $"holds {other?.GetType().Name ?? "null"}, not an enum symbol"),
    };

    public static GenericRecord Record(GenericRecord record, string field) => Value(record, field) switch
    {
        GenericRecord nested => nested,
        var other => throw Invalid(record, field, $"holds {other?.GetType().Name ?? "null"}, not a record"),
    };

    public static IReadOnlyList<GenericRecord> Records(GenericRecord record, string field) => Value(record, field) switch
    {
        null => [],
        IEnumerable items => [.. items.Cast<object?>().Select(item => item as GenericRecord ?? throw Invalid(record, field, "holds an item that is not a record"))],
        var other => throw Invalid(record, field, $"holds a {other.GetType().Name}, not an array"),
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

    public static DateTimeOffset? OptionalTimestamp(GenericRecord record, string field) =>
        Value(record, field) is null ? null : Timestamp(record, field);

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

    /// <summary>A JSON text field, checked to be JSON when read (a record that is not fails to decode, not the run that reads it later).</summary>
    public static JsonText JsonTextField(GenericRecord record, string field)
    {
        try
        {
            return JsonText.ParseUtf8(Encoding.UTF8.GetBytes(String(record, field)));
        }
        catch (JsonException e)
        {
            throw new AvroSerializationException(AvroErrorKind.CorruptBody, $"{record.Schema.Fullname}.{field} must be JSON text: {e.Message}", e);
        }
    }

    /// <summary>JSON text of a value; <see cref="JsonText.None"/> is written as JSON null.</summary>
    public static string ToJson(JsonText value) => value.ToString();

    /// <summary>JSON text of an element; a default (undefined) element is written as JSON null.</summary>
    public static string ToJson(JsonElement element) => element.ValueKind == JsonValueKind.Undefined ? "null" : element.GetRawText();

    /// <summary>The schema of a field, unwrapped from a <c>["null", T]</c> union and from arrays, to build nested records and enums with.</summary>
    public static Schema FieldSchema(RecordSchema owner, string field)
    {
        var schema = owner.TryGetField(field, out var found) ? found.Schema : throw new AvroSerializationException(AvroErrorKind.SchemaMismatch, $"{owner.Fullname} has no field {field}.");
        while (true)
        {
            switch (schema)
            {
                case UnionSchema union:
                    schema = union.Schemas.Single(s => s.Tag != Schema.Type.Null);
                    break;
                case ArraySchema array:
                    schema = array.ItemSchema;
                    break;
                default:
                    return schema;
            }
        }
    }

    /// <summary>The record schema of a field (the record itself, the record of a nullable union, or an array's items).</summary>
    public static RecordSchema RecordSchemaOf(RecordSchema owner, string field) =>
        FieldSchema(owner, field) as RecordSchema ?? throw new AvroSerializationException(AvroErrorKind.SchemaMismatch, $"{owner.Fullname}.{field} is not a record.");

    /// <summary>The enum schema of a field, unwrapped as <see cref="FieldSchema"/> does.</summary>
    public static EnumSchema EnumSchemaOf(RecordSchema owner, string field) =>
        FieldSchema(owner, field) as EnumSchema ?? throw new AvroSerializationException(AvroErrorKind.SchemaMismatch, $"{owner.Fullname}.{field} is not an enum.");

    public static double Double(GenericRecord record, string field) => Value(record, field) switch
    {
        double value => value,
        float value => value,
        long value => value,
        int value => value,
        var other => throw Invalid(record, field, $"holds {other?.GetType().Name ?? "null"}, not a number"),
    };

    public static double? OptionalDouble(GenericRecord record, string field) =>
        record.TryGetValue(field, out var value) && value is not null ? Double(record, field) : null;

    public static bool Boolean(GenericRecord record, string field) => Value(record, field) switch
    {
        bool value => value,
        var other => throw Invalid(record, field, $"holds {other?.GetType().Name ?? "null"}, not a boolean"),
    };

    private static object? Value(GenericRecord record, string field) =>
        record.TryGetValue(field, out var value) ? value : throw Invalid(record, field, "is missing");

    private static AvroSerializationException Invalid(GenericRecord record, string field, string problem) =>
        new(AvroErrorKind.SchemaMismatch, $"{record.Schema.Fullname}.{field} {problem}.");
}
