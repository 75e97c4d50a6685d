using Ambient.Abstractions.Checkpoints;
using Ambient.Avro.Schemas;
using Ambient.Avro.Wire;
using Avro;
using Avro.Generic;
using static Ambient.Avro.Mapping.AvroFields;

namespace Ambient.Avro.Mapping;

/// <summary>
/// <see cref="Checkpoint"/> ↔ <c>io.ambient.v1.Checkpoint</c>. JSON values (state, model responses, action
/// arguments) travel as JSON text; the parent step travels as its checkpoint key (<c>runId/stepIndex</c>).
/// Each nested record has its own pair of methods, so a new field is one line in each direction.
/// </summary>
public sealed class CheckpointAvroMapper : IAvroDirectWriter<Checkpoint>
{
    /// <inheritdoc/>
    public RecordSchema Schema { get; } = AmbientSchemas.Checkpoint;

    /// <inheritdoc/>
    public GenericRecord ToAvro(Checkpoint value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var record = new GenericRecord(Schema);
        record.Add("runId", value.RunId);
        record.Add("agent", value.Agent);
        record.Add("agentVersion", value.AgentVersion);
        record.Add("input", RunInputAvro.ToAvro(Schema, value.Input));
        record.Add("stepIndex", value.StepIndex);
        record.Add("stepName", value.StepName);
        record.Add("status", new GenericEnum((EnumSchema)FieldSchema(Schema, "status"), CheckpointStatusSymbols.ToSymbol(value.Status)));
        record.Add("state", ToJson(value.State));
        record.Add("llmExchanges", value.Exchanges.Select(ToAvro).ToArray());
        record.Add("actionIds", value.Actions.Select(a => a.Id).ToArray());
        record.Add("actions", value.Actions.Select(ToAvro).ToArray());
        record.Add("startedAt", ToTimestamp(value.StartedAt));
        record.Add("finishedAt", ToTimestamp(value.FinishedAt));
        record.Add("parentCheckpoint", value.Parent is { } parent ? CheckpointKeys.Step(value.RunId, parent) : null);
        record.Add("error", null);
        record.Add("replayOf", value.ReplayOf);
        record.Add("note", value.Note);
        return record;
    }

    /// <inheritdoc/>
    public long DirectWriterFingerprint => 8615162551907193434; // schemas/Checkpoint.avsc as Write encodes it

    /// <inheritdoc/>
    public void Write(Checkpoint value, AvroBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString(value.RunId);
        writer.WriteString(value.Agent);
        writer.WriteString(value.AgentVersion);
        RunInputAvro.Write(value.Input, writer);
        writer.WriteInt(value.StepIndex);
        writer.WriteString(value.StepName);
        writer.WriteInt(CheckpointStatusSymbols.OrdinalOf(value.Status));
        writer.WriteJson(value.State);
        writer.WriteArrayStart(value.Exchanges.Count);
        foreach (var exchange in value.Exchanges)
        {
            writer.WriteString(exchange.RequestSummary);
            writer.WriteInt(exchange.RequestMessages);
            writer.WriteJson(exchange.Response);
            writer.WriteOptionalString(exchange.Model);
            writer.WriteLong(exchange.InputTokens);
            writer.WriteLong(exchange.OutputTokens);
        }

        writer.WriteArrayEnd();
        writer.WriteArrayStart(value.Actions.Count);
        foreach (var action in value.Actions)
        {
            writer.WriteString(action.Id);
        }

        writer.WriteArrayEnd();
        writer.WriteArrayStart(value.Actions.Count);
        foreach (var action in value.Actions)
        {
            writer.WriteString(action.Id);
            writer.WriteString(action.Target);
            writer.WriteString(action.Operation);
            writer.WriteJson(action.Arguments);
        }

        writer.WriteArrayEnd();
        writer.WriteTimestampMicros(value.StartedAt);
        writer.WriteOptionalTimestampMicros(value.FinishedAt);
        writer.WriteOptionalString(value.Parent is { } parent ? CheckpointKeys.Step(value.RunId, parent) : null);
        writer.WriteOptionalString(null);
        writer.WriteOptionalString(value.ReplayOf);
        writer.WriteOptionalString(value.Note);
    }

    /// <inheritdoc/>
    public Checkpoint FromAvro(GenericRecord record)
    {
        var startedAt = Timestamp(record, "startedAt");
        return new Checkpoint(
            String(record, "runId"),
            String(record, "agent"),
            String(record, "agentVersion"),
            RunInputAvro.FromAvro(Record(record, "input")),
            Int(record, "stepIndex"),
            String(record, "stepName"),
            CheckpointStatusSymbols.FromSymbol(Symbol(record, "status")),
            Parent(record),
            JsonTextField(record, "state"),
            [.. Records(record, "llmExchanges").Select(ExchangeFromAvro)],
            [.. Records(record, "actions").Select(ActionFromAvro)],
            startedAt,
            OptionalTimestamp(record, "finishedAt") ?? startedAt,
            OptionalString(record, "replayOf"),
            OptionalString(record, "note") ?? OptionalString(record, "error"));
    }

    private GenericRecord ToAvro(LlmExchange exchange)
    {
        var record = new GenericRecord(RecordSchemaOf(Schema, "llmExchanges"));
        record.Add("requestSummary", exchange.RequestSummary);
        record.Add("requestMessages", exchange.RequestMessages);
        record.Add("response", ToJson(exchange.Response));
        record.Add("model", exchange.Model);
        record.Add("inputTokens", exchange.InputTokens);
        record.Add("outputTokens", exchange.OutputTokens);
        return record;
    }

    private static LlmExchange ExchangeFromAvro(GenericRecord record) => new(
        OptionalString(record, "model") ?? string.Empty,
        Int(record, "requestMessages"),
        String(record, "requestSummary"),
        JsonTextField(record, "response"),
        Long(record, "inputTokens"),
        Long(record, "outputTokens"));

    private GenericRecord ToAvro(CheckpointAction action)
    {
        var record = new GenericRecord(RecordSchemaOf(Schema, "actions"));
        record.Add("id", action.Id);
        record.Add("target", action.Target);
        record.Add("operation", action.Operation);
        record.Add("arguments", ToJson(action.Arguments));
        return record;
    }

    private static CheckpointAction ActionFromAvro(GenericRecord record) =>
        new(String(record, "id"), String(record, "target"), String(record, "operation"), Json(record, "arguments"));

    // The schema keeps the parent's key (readable by other consumers without our conventions); the C# type its index.
    private static int? Parent(GenericRecord record) => OptionalString(record, "parentCheckpoint") is { } key
        ? CheckpointKeys.Parse(key).StepIndex ?? throw new AvroSerializationException(AvroErrorKind.SchemaMismatch, $"{record.Schema.Fullname}.parentCheckpoint '{key}' is not a runId/stepIndex key.")
        : null;
}
