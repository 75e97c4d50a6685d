using Ambient.Abstractions.Checkpoints;

namespace Ambient.Avro.Mapping;

/// <summary>The runtime's status strings (<see cref="CheckpointStatus"/>) ↔ the symbols of the <c>CheckpointStatus</c> enum.</summary>
internal static class CheckpointStatusSymbols
{
    public static string ToSymbol(string status) => status switch
    {
        CheckpointStatus.Running => "RUNNING",
        CheckpointStatus.Succeeded => "SUCCEEDED",
        CheckpointStatus.Failed => "FAILED",
        CheckpointStatus.RolledBack => "ROLLED_BACK",
        CheckpointStatus.Waiting => "WAITING",
        _ => throw new AvroSerializationException(AvroErrorKind.SchemaMismatch, $"'{status}' is not a checkpoint status the schema knows (running, succeeded, failed, rolled-back, waiting)."),
    };

    /// <summary>The status's position among the enum's symbols, as the binary encoding writes it.</summary>
    public static int OrdinalOf(string status) => s_ordinals.Ordinal(ToSymbol(status));

    private static readonly global::Avro.EnumSchema s_ordinals = (global::Avro.EnumSchema)AvroFields.FieldSchema(Schemas.AmbientSchemas.Checkpoint, "status");

    public static string FromSymbol(string symbol) => symbol switch
    {
        "RUNNING" => CheckpointStatus.Running,
        "SUCCEEDED" => CheckpointStatus.Succeeded,
        "FAILED" => CheckpointStatus.Failed,
        "ROLLED_BACK" => CheckpointStatus.RolledBack,
        "WAITING" => CheckpointStatus.Waiting,
        _ => throw new AvroSerializationException(AvroErrorKind.SchemaMismatch, $"'{symbol}' is not a CheckpointStatus symbol this version knows."),
    };
}
