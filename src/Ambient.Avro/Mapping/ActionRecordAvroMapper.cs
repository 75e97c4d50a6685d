using Ambient.Abstractions.Actions;
using Ambient.Avro.Schemas;
using Avro;
using Avro.Generic;
using static Ambient.Avro.Mapping.AvroFields;

namespace Ambient.Avro.Mapping;

/// <summary><see cref="ActionRecord"/> ↔ <c>io.ambient.v1.ActionRecord</c>; arguments travel as JSON text.</summary>
public sealed class ActionRecordAvroMapper : IAvroRecordMapper<ActionRecord>
{
    /// <inheritdoc/>
    public RecordSchema Schema { get; } = AmbientSchemas.ActionRecord;

    /// <inheritdoc/>
    public GenericRecord ToAvro(ActionRecord value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var record = new GenericRecord(Schema);
        record.Add("id", value.Id);
        record.Add("runId", value.RunId);
        record.Add("agent", value.Agent);
        record.Add("target", value.Target);
        record.Add("operation", value.Operation);
        record.Add("arguments", value.Arguments.GetRawText());
        record.Add("reasoningSummary", value.ReasoningSummary);
        record.Add("eventId", value.EventId);
        record.Add("eventType", value.EventType);
        record.Add("createdAt", ToTimestamp(value.CreatedAt));
        return record;
    }

    /// <inheritdoc/>
    public ActionRecord FromAvro(GenericRecord record) => new(
        String(record, "id"),
        String(record, "runId"),
        String(record, "agent"),
        String(record, "target"),
        String(record, "operation"),
        Json(record, "arguments"),
        OptionalString(record, "reasoningSummary"),
        String(record, "eventId"),
        String(record, "eventType"),
        Timestamp(record, "createdAt"));
}
