using Ambient.Abstractions.A2a;
using Ambient.Avro.Schemas;
using Avro;
using Avro.Generic;
using static Ambient.Avro.Mapping.AvroFields;

namespace Ambient.Avro.Mapping;

/// <summary><see cref="A2aTaskStatusUpdate"/> ↔ <c>io.ambient.v1.TaskStatusUpdateEvent</c>: a reply's status change.</summary>
public sealed class A2aStatusUpdateAvroMapper : IAvroRecordMapper<A2aTaskStatusUpdate>
{
    /// <inheritdoc/>
    public RecordSchema Schema { get; } = AmbientSchemas.Get("TaskStatusUpdateEvent");

    /// <inheritdoc/>
    public GenericRecord ToAvro(A2aTaskStatusUpdate value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var record = new GenericRecord(Schema);
        record.Add("taskId", value.TaskId);
        record.Add("contextId", value.ContextId);
        record.Add("status", A2aAvroParts.ToStatus(RecordSchemaOf(Schema, "status"), value.Status));
        record.Add("metadata", null);
        return record;
    }

    /// <inheritdoc/>
    public A2aTaskStatusUpdate FromAvro(GenericRecord record) =>
        new(String(record, "taskId"), String(record, "contextId"), A2aAvroParts.FromStatus(Record(record, "status")));
}
