using Ambient.Abstractions.A2a;
using Ambient.Avro.Schemas;
using Avro;
using Avro.Generic;
using static Ambient.Avro.Mapping.AvroFields;

namespace Ambient.Avro.Mapping;

/// <summary><see cref="A2aTask"/> ↔ <c>io.ambient.v1.Task</c>: a task's snapshot on the compacted tasks topic (no history kept).</summary>
public sealed class A2aTaskAvroMapper : IAvroRecordMapper<A2aTask>
{
    /// <inheritdoc/>
    public RecordSchema Schema { get; } = AmbientSchemas.Get("Task");

    /// <inheritdoc/>
    public GenericRecord ToAvro(A2aTask value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var artifactSchema = RecordSchemaOf(Schema, "artifacts");
        var record = new GenericRecord(Schema);
        record.Add("id", value.Id);
        record.Add("contextId", value.ContextId);
        record.Add("status", A2aAvroParts.ToStatus(RecordSchemaOf(Schema, "status"), value.Status));
        record.Add("artifacts", value.Artifacts.Select(a => (object)A2aAvroParts.ToArtifact(artifactSchema, a)).ToArray());
        record.Add("history", Array.Empty<object>());
        record.Add("metadata", null);
        return record;
    }

    /// <inheritdoc/>
    public A2aTask FromAvro(GenericRecord record) => new(
        String(record, "id"),
        OptionalString(record, "contextId") ?? string.Empty,
        A2aAvroParts.FromStatus(Record(record, "status")),
        [.. Records(record, "artifacts").Select(A2aAvroParts.FromArtifact)]);
}
