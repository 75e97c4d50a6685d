using System.Collections;
using Ambient.Abstractions.A2a;
using Avro;
using Avro.Generic;
using static Ambient.Avro.Mapping.AvroFields;

namespace Ambient.Avro.Mapping;

/// <summary>The A2A records shared by several schemas (Part, Message, TaskStatus, Artifact), to and from generic records.</summary>
internal static class A2aAvroParts
{
    /// <summary>The record schema of <paramref name="field"/>: the record itself, the record of a nullable union, or an array's items.</summary>
    public static RecordSchema RecordOf(RecordSchema parent, string field)
    {
        var schema = parent.Fields.Find(f => f.Name == field)?.Schema
            ?? throw new AvroSerializationException(AvroErrorKind.SchemaMismatch, $"{parent.Fullname} has no field '{field}'.");
        return Unwrap(schema) as RecordSchema
            ?? throw new AvroSerializationException(AvroErrorKind.SchemaMismatch, $"{parent.Fullname}.{field} is not a record.");
    }

    public static GenericRecord ToMessage(RecordSchema schema, A2aMessage message)
    {
        var record = new GenericRecord(schema);
        record.Add("messageId", message.MessageId);
        record.Add("contextId", message.ContextId);
        record.Add("taskId", message.TaskId);
        record.Add("role", new GenericEnum(EnumOf(schema, "role"), message.Role));
        record.Add("parts", ToParts(RecordOf(schema, "parts"), message.Parts));
        record.Add("metadata", message.Metadata);
        record.Add("extensions", Array.Empty<object>());
        record.Add("referenceTaskIds", Array.Empty<object>());
        return record;
    }

    public static A2aMessage FromMessage(GenericRecord record) => new(
        String(record, "messageId"),
        OptionalString(record, "contextId"),
        OptionalString(record, "taskId"),
        Symbol(record, "role"),
        FromParts(record, "parts"),
        OptionalString(record, "metadata"));

    public static GenericRecord ToStatus(RecordSchema schema, A2aTaskStatus status)
    {
        var record = new GenericRecord(schema);
        record.Add("state", new GenericEnum(EnumOf(schema, "state"), status.State));
        record.Add("message", status.Message is null ? null : ToMessage(RecordOf(schema, "message"), status.Message));
        record.Add("timestamp", status.Timestamp is { } time ? ToTimestamp(time) : null);
        return record;
    }

    public static A2aTaskStatus FromStatus(GenericRecord record) => new(
        Symbol(record, "state"),
        record.TryGetValue("message", out var message) && message is GenericRecord m ? FromMessage(m) : null,
        record.TryGetValue("timestamp", out var time) && time is DateTime t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null);

    public static GenericRecord ToArtifact(RecordSchema schema, A2aArtifact artifact)
    {
        var record = new GenericRecord(schema);
        record.Add("artifactId", artifact.ArtifactId);
        record.Add("name", artifact.Name);
        record.Add("description", null);
        record.Add("parts", ToParts(RecordOf(schema, "parts"), artifact.Parts));
        record.Add("metadata", null);
        record.Add("extensions", Array.Empty<object>());
        return record;
    }

    public static A2aArtifact FromArtifact(GenericRecord record) =>
        new(String(record, "artifactId"), OptionalString(record, "name"), FromParts(record, "parts"));

    public static GenericRecord Record(GenericRecord parent, string field) =>
        parent.TryGetValue(field, out var value) && value is GenericRecord record
            ? record
            : throw new AvroSerializationException(AvroErrorKind.SchemaMismatch, $"{parent.Schema.Fullname}.{field} is not a record.");

    public static IReadOnlyList<GenericRecord> Records(GenericRecord parent, string field) =>
        parent.TryGetValue(field, out var value) && value is IEnumerable items ? [.. items.OfType<GenericRecord>()] : [];

    public static bool Boolean(GenericRecord record, string field) =>
        record.TryGetValue(field, out var value) && value is true;

    private static object[] ToParts(RecordSchema schema, IReadOnlyList<A2aPart> parts) => [.. parts.Select(part =>
    {
        var record = new GenericRecord(schema);
        record.Add("text", part.Text);
        record.Add("raw", null);
        record.Add("url", part.Url);
        record.Add("data", part.Data);
        record.Add("metadata", null);
        record.Add("filename", part.Filename);
        record.Add("mediaType", part.MediaType);
        return (object)record;
    })];

    private static List<A2aPart> FromParts(GenericRecord record, string field) => [.. Records(record, field).Select(part => new A2aPart(
        OptionalString(part, "text"), OptionalString(part, "data"), OptionalString(part, "url"), OptionalString(part, "mediaType"), OptionalString(part, "filename")))];

    private static string Symbol(GenericRecord record, string field) =>
        record.TryGetValue(field, out var value) && value is GenericEnum symbol
            ? symbol.Value
            : throw new AvroSerializationException(AvroErrorKind.SchemaMismatch, $"{record.Schema.Fullname}.{field} is not an enum symbol.");

    private static EnumSchema EnumOf(RecordSchema schema, string field) =>
        Unwrap(schema.Fields.Find(f => f.Name == field)!.Schema) as EnumSchema
            ?? throw new AvroSerializationException(AvroErrorKind.SchemaMismatch, $"{schema.Fullname}.{field} is not an enum.");

    private static Schema Unwrap(Schema schema) => schema switch
    {
        UnionSchema union => union.Schemas.First(s => s.Tag != Schema.Type.Null) is var inner ? Unwrap(inner) : schema,
        ArraySchema array => Unwrap(array.ItemSchema),
        _ => schema,
    };
}
