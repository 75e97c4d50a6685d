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
        record.Add("contextSummary", value.ContextSummary);
        record.Add("costUsd", (double)value.CostUsd);
        record.Add("confidence", value.Confidence);
        record.Add("decisions", value.Decisions.Select(DecisionToAvro).ToArray());
        record.Add("secretsMasked", value.SecretsMasked);
        return record;
    }

    private GenericRecord DecisionToAvro(AuditDecision decision)
    {
        var record = new GenericRecord(RecordSchemaOf(Schema, "decisions"));
        record.Add("tool", decision.Tool);
        record.Add("decision", decision.Decision);
        record.Add("rule", decision.Rule);
        record.Add("reason", decision.Reason);
        record.Add("approvalId", decision.ApprovalId);
        record.Add("answer", decision.Answer);
        record.Add("answeredBy", decision.AnsweredBy);
        record.Add("override", decision.Override);
        return record;
    }

    /// <inheritdoc/>
    public long DirectWriterFingerprint => 4080279087451586402; // schemas/AuditRecord.avsc as Write encodes it

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
        writer.WriteOptionalString(value.ContextSummary);
        writer.WriteDouble((double)value.CostUsd);
        writer.WriteOptionalDouble(value.Confidence);
        writer.WriteArrayStart(value.Decisions.Count);
        foreach (var decision in value.Decisions)
        {
            writer.WriteString(decision.Tool);
            writer.WriteString(decision.Decision);
            writer.WriteOptionalString(decision.Rule);
            writer.WriteOptionalString(decision.Reason);
            writer.WriteOptionalString(decision.ApprovalId);
            writer.WriteOptionalString(decision.Answer);
            writer.WriteOptionalString(decision.AnsweredBy);
            writer.WriteBoolean(decision.Override);
        }

        writer.WriteArrayEnd();
        writer.WriteInt(value.SecretsMasked);
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
        Timestamp(record, "time"))
    {
        // v2's fields; a v1 record is read with their defaults.
        ContextSummary = Has(record, "contextSummary") ? OptionalString(record, "contextSummary") : null,
        CostUsd = Has(record, "costUsd") ? Dollars(Double(record, "costUsd")) : 0m,
        Confidence = OptionalDouble(record, "confidence"),
        Decisions = Has(record, "decisions") ? [.. Records(record, "decisions").Select(DecisionFromAvro)] : [],
        // v3's; v1 and v2 records read it as 0.
        SecretsMasked = Has(record, "secretsMasked") ? Int(record, "secretsMasked") : 0,
    };

    private static bool Has(GenericRecord record, string field) => record.TryGetValue(field, out _);

    // A cost that no decimal holds (NaN, infinite, absurd) is not a cost: read as unknown rather than failing the record.
    private static decimal Dollars(double value) => double.IsFinite(value) && Math.Abs(value) < 1e15 ? (decimal)value : 0m;

    private static AuditDecision DecisionFromAvro(GenericRecord record) => new(
        String(record, "tool"), String(record, "decision"), OptionalString(record, "rule"), OptionalString(record, "reason"))
    {
        ApprovalId = OptionalString(record, "approvalId"),
        Answer = OptionalString(record, "answer"),
        AnsweredBy = OptionalString(record, "answeredBy"),
        Override = Boolean(record, "override"),
    };
}
