using Ambient.Abstractions.Checkpoints;
using Ambient.Avro.Schemas;
using Ambient.Avro.Wire;
using Avro;
using Avro.Generic;
using static Ambient.Avro.Mapping.AvroFields;

namespace Ambient.Avro.Mapping;

/// <summary><see cref="RunHead"/> ↔ <c>io.ambient.v1.RunHead</c>, the head records of the checkpoints topic.</summary>
public sealed class RunHeadAvroMapper : IAvroDirectWriter<RunHead>
{
    /// <inheritdoc/>
    public RecordSchema Schema { get; } = AmbientSchemas.RunHead;

    /// <inheritdoc/>
    public GenericRecord ToAvro(RunHead value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var record = new GenericRecord(Schema);
        record.Add("runId", value.RunId);
        record.Add("agent", value.Agent);
        record.Add("agentVersion", value.AgentVersion);
        record.Add("input", RunInputAvro.ToAvro(Schema, value.Input));
        record.Add("headStep", value.HeadStep);
        record.Add("headStepName", value.HeadStepName);
        record.Add("status", new GenericEnum((EnumSchema)FieldSchema(Schema, "status"), CheckpointStatusSymbols.ToSymbol(value.Status)));
        record.Add("startedAt", ToTimestamp(value.StartedAt));
        record.Add("updatedAt", ToTimestamp(value.UpdatedAt));
        record.Add("replayOf", value.ReplayOf);
        record.Add("outcome", value.Outcome);
        return record;
    }

    /// <inheritdoc/>
    public long DirectWriterFingerprint => -7126765318228982402; // schemas/RunHead.avsc as Write encodes it

    /// <inheritdoc/>
    public void Write(RunHead value, AvroBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString(value.RunId);
        writer.WriteString(value.Agent);
        writer.WriteString(value.AgentVersion);
        RunInputAvro.Write(value.Input, writer);
        writer.WriteInt(value.HeadStep);
        writer.WriteString(value.HeadStepName);
        writer.WriteInt(CheckpointStatusSymbols.OrdinalOf(value.Status));
        writer.WriteTimestampMicros(value.StartedAt);
        writer.WriteTimestampMicros(value.UpdatedAt);
        writer.WriteOptionalString(value.ReplayOf);
        writer.WriteOptionalString(value.Outcome);
    }

    /// <inheritdoc/>
    public RunHead FromAvro(GenericRecord record) => new(
        String(record, "runId"),
        String(record, "agent"),
        String(record, "agentVersion"),
        RunInputAvro.FromAvro(Record(record, "input")),
        Int(record, "headStep"),
        String(record, "headStepName"),
        CheckpointStatusSymbols.FromSymbol(Symbol(record, "status")),
        Timestamp(record, "startedAt"),
        Timestamp(record, "updatedAt"),
        OptionalString(record, "replayOf"),
        OptionalString(record, "outcome"));
}
