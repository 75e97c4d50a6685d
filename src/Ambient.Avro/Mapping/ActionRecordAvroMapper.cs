using System.Runtime.InteropServices;
using Ambient.Abstractions.Actions;
using Ambient.Avro.Schemas;
using Ambient.Avro.Wire;
using Avro;
using Avro.Generic;
using static Ambient.Avro.Mapping.AvroFields;

namespace Ambient.Avro.Mapping;

/// <summary><see cref="ActionRecord"/> ↔ <c>io.ambient.v1.ActionRecord</c>; arguments travel as JSON text.</summary>
public sealed class ActionRecordAvroMapper : IAvroDirectWriter<ActionRecord>
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
    public long DirectWriterFingerprint => 8006474901998621983; // schemas/ActionRecord.avsc as Write encodes it

    /// <inheritdoc/>
    public void Write(ActionRecord value, AvroBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString(value.Id);
        writer.WriteString(value.RunId);
        writer.WriteString(value.Agent);
        writer.WriteString(value.Target);
        writer.WriteString(value.Operation);
        // Not WriteJson: as the generic path's GetRawText, an undefined value is an error here, not "null".
        writer.WriteUtf8(JsonMarshal.GetRawUtf8Value(value.Arguments));
        writer.WriteOptionalString(value.ReasoningSummary);
        writer.WriteString(value.EventId);
        writer.WriteString(value.EventType);
        writer.WriteTimestampMicros(value.CreatedAt);
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
