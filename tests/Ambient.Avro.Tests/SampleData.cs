using System.Collections;
using System.Globalization;
using System.Text;
using Avro;
using Avro.Generic;

namespace Ambient.Avro.Tests;

/// <summary>
/// A fully populated value for any schema (every optional field set, arrays of two), and a canonical text rendering of
/// values for comparing what was written with what was read.
/// </summary>
internal static class SampleData
{
    public static GenericRecord For(RecordSchema schema) => (GenericRecord)Value(schema, schema.Name, depth: 0)!;

    public static string Render(object? value)
    {
        var text = new StringBuilder();
        Render(value, text);
        return text.ToString();
    }

    private static object? Value(Schema schema, string path, int depth) => schema switch
    {
        LogicalSchema { LogicalTypeName: "timestamp-micros" } => new DateTime(2026, 11, 23, 9, 30, 15, DateTimeKind.Utc).AddTicks(1_234_560 + path.Length * 10),
        LogicalSchema { LogicalTypeName: "timestamp-millis" } => new DateTime(2026, 11, 23, 9, 30, 15, 123, DateTimeKind.Utc),
        RecordSchema record => Record(record, path, depth),
        EnumSchema @enum => new GenericEnum(@enum, @enum.Symbols[^1]),
        // Recursive types stop at an empty array or the union's null branch.
        ArraySchema array => depth > 3 ? Array.Empty<object>() : new[] { Value(array.ItemSchema, path + "[0]", depth + 1), Value(array.ItemSchema, path + "[1]", depth + 1) },
        MapSchema map => new Dictionary<string, object?> { ["k"] = Value(map.ValueSchema, path + "{k}", depth + 1) },
        UnionSchema union => depth > 3 && union.Schemas.Any(branch => branch.Tag == Schema.Type.Null)
            ? null
            : Value(union.Schemas.First(branch => branch.Tag != Schema.Type.Null), path, depth + 1),
        FixedSchema @fixed => new GenericFixed(@fixed, [.. Enumerable.Range(0, @fixed.Size).Select(i => (byte)i)]),
        _ => schema.Tag switch
        {
            Schema.Type.String => $"{path} ✓ é",
            Schema.Type.Bytes => new byte[] { 0x00, 0xC3, 0x01, 0xFF, (byte)path.Length },
            Schema.Type.Int => path.Length,
            Schema.Type.Long => 1L << 40 | (long)path.Length,
            Schema.Type.Float => 1.5f,
            Schema.Type.Double => 2.25,
            Schema.Type.Boolean => true,
            Schema.Type.Null => null,
            _ => throw new NotSupportedException($"No sample for {schema.Tag} at {path}."),
        },
    };

    private static GenericRecord Record(RecordSchema schema, string path, int depth)
    {
        var record = new GenericRecord(schema);
        foreach (var field in schema.Fields)
        {
            record.Add(field.Name, Value(field.Schema, $"{path}.{field.Name}", depth + 1));
        }

        return record;
    }

    private static void Render(object? value, StringBuilder text)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                break;
            case GenericRecord record:
                text.Append(record.Schema.Fullname).Append('{');
                foreach (var field in record.Schema.Fields)
                {
                    text.Append(field.Name).Append('=');
                    Render(record.GetValue(field.Pos), text);
                    text.Append(';');
                }

                text.Append('}');
                break;
            case GenericEnum symbol:
                text.Append(symbol.Schema.Fullname).Append("::").Append(symbol.Value);
                break;
            case GenericFixed @fixed:
                text.Append("fixed:").Append(Convert.ToHexString(@fixed.Value));
                break;
            case byte[] bytes:
                text.Append("bytes:").Append(Convert.ToHexString(bytes));
                break;
            case string s:
                text.Append('"').Append(s).Append('"');
                break;
            case DateTime time:
                text.Append(time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
                break;
            case IDictionary map:
                text.Append('{');
                foreach (DictionaryEntry entry in map)
                {
                    text.Append(entry.Key).Append(':');
                    Render(entry.Value, text);
                    text.Append(',');
                }

                text.Append('}');
                break;
            case IEnumerable items:
                text.Append('[');
                foreach (var item in items)
                {
                    Render(item, text);
                    text.Append(',');
                }

                text.Append(']');
                break;
            case IFormattable formattable:
                text.Append(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                text.Append(value);
                break;
        }
    }
}
