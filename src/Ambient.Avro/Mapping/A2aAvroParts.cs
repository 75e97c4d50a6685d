using Ambient.Abstractions.A2a;
using Avro;
using Avro.Generic;
using static Ambient.Avro.Mapping.AvroFields;

namespace Ambient.Avro.Mapping;

/// <summary>The A2A records shared by several schemas (Part, Message, TaskStatus, Artifact), to and from generic records.</summary>
internal static class A2aAvroParts
{
    public static GenericRecord ToMessage(RecordSchema schema, A2aMessage message)
    {
        var record = new GenericRecord(schema);
        record.Add("messageId", message.MessageId);
        record.Add("contextId", message.ContextId);
        record.Add("taskId", message.TaskId);
        record.Add("role", new GenericEnum(EnumSchemaOf(schema, "role"), message.Role));
        record.Add("parts", ToParts(RecordSchemaOf(schema, "parts"), message.Parts));
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
        record.Add("state", new GenericEnum(EnumSchemaOf(schema, "state"), status.State));
        record.Add("message", status.Message is null ? null : ToMessage(RecordSchemaOf(schema, "message"), status.Message));
        record.Add("timestamp", status.Timestamp is { } time ? ToTimestamp(time) : null);
        return record;
    }

    public static A2aTaskStatus FromStatus(GenericRecord record) => new(
        Symbol(record, "state"),
        record.TryGetValue("message", out var message) && message is GenericRecord m ? FromMessage(m) : null,
        OptionalTimestamp(record, "timestamp"));

    public static GenericRecord ToArtifact(RecordSchema schema, A2aArtifact artifact)
    {
        var record = new GenericRecord(schema);
        record.Add("artifactId", artifact.ArtifactId);
        record.Add("name", artifact.Name);
        record.Add("description", null);
        record.Add("parts", ToParts(RecordSchemaOf(schema, "parts"), artifact.Parts));
        record.Add("metadata", null);
        record.Add("extensions", Array.Empty<object>());
        return record;
    }

    public static A2aArtifact FromArtifact(GenericRecord record) =>
        new(String(record, "artifactId"), OptionalString(record, "name"), FromParts(record, "parts"));

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
}
