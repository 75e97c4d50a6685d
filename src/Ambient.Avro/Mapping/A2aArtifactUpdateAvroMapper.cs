using Ambient.Abstractions.A2a;
using Ambient.Avro.Schemas;
using Avro;
using Avro.Generic;
using static Ambient.Avro.Mapping.AvroFields;

namespace Ambient.Avro.Mapping;

/// <summary><see cref="A2aArtifactUpdate"/> ↔ <c>io.ambient.v1.TaskArtifactUpdateEvent</c>: a reply's result (or a chunk of it).</summary>
public sealed class A2aArtifactUpdateAvroMapper : IAvroRecordMapper<A2aArtifactUpdate>
{
    /// <inheritdoc/>
    public RecordSchema Schema { get; } = AmbientSchemas.Get("TaskArtifactUpdateEvent");

    /// <inheritdoc/>
    public GenericRecord ToAvro(A2aArtifactUpdate value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var record = new GenericRecord(Schema);
        record.Add("taskId", value.TaskId);
        record.Add("contextId", value.ContextId);
        record.Add("artifact", A2aAvroParts.ToArtifact(RecordSchemaOf(Schema, "artifact"), value.Artifact));
        record.Add("append", value.Append);
        record.Add("lastChunk", value.LastChunk);
        record.Add("metadata", null);
        return record;
    }

    /// <inheritdoc/>
    public A2aArtifactUpdate FromAvro(GenericRecord record) => new(
        String(record, "taskId"),
        String(record, "contextId"),
        A2aAvroParts.FromArtifact(Record(record, "artifact")),
        Boolean(record, "append"),
        Boolean(record, "lastChunk"));
}
