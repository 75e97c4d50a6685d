using System.Text.Json;
using Avro;

namespace Ambient.Avro.Compatibility;

/// <summary>
/// Ambient's own implementation of Avro schema resolution (https://avro.apache.org/docs/1.12.0/specification/#schema-resolution)
/// as a compatibility check: instead of a yes/no it lists every problem with the path of the field at fault, so a
/// failing CI run says what to fix.
/// </summary>
public static class SchemaCompatibility
{
    /// <summary>
    /// BACKWARD compatibility: consumers using <paramref name="newer"/> can read everything written with
    /// <paramref name="older"/>. Empty when compatible.
    /// </summary>
    public static IReadOnlyList<string> CheckBackward(Schema newer, Schema older) => CheckCanRead(newer, older);

    /// <summary>Every reason data written with <paramref name="writer"/> cannot be read as <paramref name="reader"/>; empty when it can.</summary>
    public static IReadOnlyList<string> CheckCanRead(Schema reader, Schema writer)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(writer);
        var issues = new List<string>();
        Check(reader, writer, Describe(reader), issues, []);
        return issues;
    }

    private static void Check(Schema reader, Schema writer, string path, List<string> issues, HashSet<(string, string)> recordsSeen)
    {
        // Logical types resolve as their underlying types.
        reader = reader is LogicalSchema readerLogical ? readerLogical.BaseSchema : reader;
        writer = writer is LogicalSchema writerLogical ? writerLogical.BaseSchema : writer;

        if (writer is UnionSchema writerUnion)
        {
            // Any branch may have been written, so the reader must be able to read every one.
            foreach (var branch in writerUnion.Schemas)
            {
                Check(reader, branch, path, issues, recordsSeen);
            }

            return;
        }

        if (reader is UnionSchema readerUnion)
        {
            if (!readerUnion.Schemas.Any(branch => CheckCanReadQuietly(branch, writer, path, recordsSeen)))
            {
                issues.Add($"{path}: the new union {readerUnion} has no branch that can read the old type {Describe(writer)}.");
            }

            return;
        }

        switch (reader, writer)
        {
            case (RecordSchema r, RecordSchema w):
                CheckRecord(r, w, path, issues, recordsSeen);
                break;
            case (EnumSchema r, EnumSchema w):
                CheckName(r, w, path, issues);
                foreach (var symbol in w.Symbols.Where(symbol => !r.Contains(symbol)))
                {
                    if (r.Default is null)
                    {
                        issues.Add($"{path}: enum symbol '{symbol}' of {w.Fullname} was removed and the enum has no default to read it as.");
                    }
                }

                break;
            case (ArraySchema r, ArraySchema w):
                Check(r.ItemSchema, w.ItemSchema, path + "[]", issues, recordsSeen);
                break;
            case (MapSchema r, MapSchema w):
                Check(r.ValueSchema, w.ValueSchema, path + "{}", issues, recordsSeen);
                break;
            case (FixedSchema r, FixedSchema w):
                CheckName(r, w, path, issues);
                if (r.Size != w.Size)
                {
                    issues.Add($"{path}: fixed {w.Fullname} changed size from {w.Size} to {r.Size}.");
                }

                break;
            default:
                if (reader.Tag != writer.Tag && !IsPromotion(writer.Tag, reader.Tag))
                {
                    issues.Add($"{path}: type changed from {Describe(writer)} to {Describe(reader)}, which Avro cannot promote.");
                }

                break;
        }
    }

    private static void CheckRecord(RecordSchema reader, RecordSchema writer, string path, List<string> issues, HashSet<(string, string)> recordsSeen)
    {
        CheckName(reader, writer, path, issues);
        if (!recordsSeen.Add((reader.Fullname, writer.Fullname)))
        {
            return; // a recursive type: this pair is being checked further up
        }

        foreach (var field in reader.Fields)
        {
            var fieldPath = $"{path}.{field.Name}";
            var written = FindField(writer, field);
            if (written is not null)
            {
                Check(field.Schema, written.Schema, fieldPath, issues, recordsSeen);
            }
            else if (field.DefaultValue is null)
            {
                issues.Add($"{fieldPath}: field '{field.Name}' is not in the old schema and has no default, so records written with the old schema cannot be read; give it a default.");
            }
        }

        recordsSeen.Remove((reader.Fullname, writer.Fullname));
    }

    private static Field? FindField(RecordSchema writer, Field readerField)
    {
        if (writer.TryGetField(readerField.Name, out var field))
        {
            return field;
        }

        return readerField.Aliases?.Select(alias => writer.TryGetField(alias, out var aliased) ? aliased : null).FirstOrDefault(found => found is not null);
    }

    private static void CheckName(NamedSchema reader, NamedSchema writer, string path, List<string> issues)
    {
        // The spec compares unqualified names, and a reader alias may name the writer's type.
        if (reader.Name != writer.Name && !AliasesOf(reader).Any(alias => alias == writer.Name || alias == writer.Fullname))
        {
            issues.Add($"{path}: type {writer.Fullname} was renamed to {reader.Fullname} without an alias for the old name.");
        }
    }

    // Apache.Avro keeps a named type's aliases internal; its JSON form has them.
    private static IEnumerable<string> AliasesOf(NamedSchema schema)
    {
        using var json = JsonDocument.Parse(schema.ToString());
        return json.RootElement.TryGetProperty("aliases", out var aliases) && aliases.ValueKind == JsonValueKind.Array
            ? [.. aliases.EnumerateArray().Select(alias => alias.GetString() ?? "")]
            : [];
    }

    private static bool CheckCanReadQuietly(Schema reader, Schema writer, string path, HashSet<(string, string)> recordsSeen)
    {
        var issues = new List<string>();
        Check(reader, writer, path, issues, recordsSeen);
        return issues.Count == 0;
    }

    // Spec: int → long, float, double; long → float, double; float → double; string ↔ bytes.
    private static bool IsPromotion(Schema.Type from, Schema.Type to) => (from, to) switch
    {
        (Schema.Type.Int, Schema.Type.Long or Schema.Type.Float or Schema.Type.Double) => true,
        (Schema.Type.Long, Schema.Type.Float or Schema.Type.Double) => true,
        (Schema.Type.Float, Schema.Type.Double) => true,
        (Schema.Type.String, Schema.Type.Bytes) or (Schema.Type.Bytes, Schema.Type.String) => true,
        _ => false,
    };

    private static string Describe(Schema schema) => schema is NamedSchema named ? named.Fullname : schema.Tag.ToString().ToLowerInvariant();
}
