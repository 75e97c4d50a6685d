using Avro;

namespace Ambient.Avro.Wire;

/// <summary>What a record's header says: the schema its body was written with, and the header's length.</summary>
/// <param name="WriterSchema">The writer's schema.</param>
/// <param name="BodyOffset">Where the Avro body starts.</param>
public readonly record struct FramedRecord(Schema WriterSchema, int BodyOffset);
