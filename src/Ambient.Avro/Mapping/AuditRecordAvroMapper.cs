using Ambient.Abstractions.Audit;
using Ambient.Avro.Schemas;
using Ambient.Avro.Wire;
using Avro;
using Avro.Generic;
using static Ambient.Avro.Mapping.AvroFields;

namespace Ambient.Avro.Mapping;

/// <summary><see cref="AuditRecord"/> ↔ <c>io.ambient.v1.AuditRecord</c>.</summary>
public sealed class AuditRecordAvroMapper : IAvroDirectWriter<AuditRecord>
{
    /// <inheritdoc/>
    public RecordSchema Schema { get; } = AmbientSchemas.AuditRecord;

    /// <inheritdoc/>
    public GenericRecord ToAvro(AuditRecord value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var record = new GenericRecord(Schema);
        record.Add("runId", value.RunId);
        record.Add("agent", value.Agent);
        record.Add("eventId", value.EventId);
        record.Add("eventType", value.EventType);
        record.Add("outcome", value.Outcome);
        record.Add("reasoningSummary", value.ReasoningSummary);
        record.Add("actionIds", value.ActionIds.ToArray());
        record.Add("refusedTools", value.RefusedTools.ToArray());
        record.Add("inputTokens", value.InputTokens);
        record.Add("outputTokens", value.OutputTokens);
        record.Add("model", value.Model);
        record.Add("promptHash", value.PromptHash);
        record.Add("time", ToTimestamp(value.Time));
        return record;
    }

    /// <inheritdoc/>
    public long DirectWriterFingerprint => -6167569619365057530; // schemas/AuditRecord.avsc as Write encodes it

    /// <inheritdoc/>
    public void Write(AuditRecord value, AvroBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString(value.RunId);
        writer.WriteString(value.Agent);
        writer.WriteString(value.EventId);
        writer.WriteString(value.EventType);
        writer.WriteString(value.Outcome);
        writer.WriteOptionalString(value.ReasoningSummary);
        writer.WriteStringArray(value.ActionIds);
        writer.WriteStringArray(value.RefusedTools);
        writer.WriteLong(value.InputTokens);
        writer.WriteLong(value.OutputTokens);
        writer.WriteString(value.Model);
        writer.WriteString(value.PromptHash);
        writer.WriteTimestampMicros(value.Time);
    }

    /// <inheritdoc/>
    public AuditRecord FromAvro(GenericRecord record) => new(
        String(record, "runId"),
        String(record, "agent"),
        String(record, "eventId"),
        String(record, "eventType"),
        String(record, "outcome"),
        OptionalString(record, "reasoningSummary"),
        Strings(record, "actionIds"),
        Strings(record, "refusedTools"),
        Long(record, "inputTokens"),
        Long(record, "outputTokens"),
        String(record, "model"),
        String(record, "promptHash"),
        Timestamp(record, "time"));
}
