using Avro;
using Avro.Generic;

namespace Ambient.Avro.Mapping;

/// <summary>
/// No mapping: generic records as they are, for schemas without a C# type yet (A2A, checkpoints) and for tools.
/// Records are written with their own schema and read resolved to <see cref="Schema"/>.
/// </summary>
/// <param name="schema">The reader schema.</param>
public sealed class GenericRecordAvroMapper(RecordSchema schema) : IAvroRecordMapper<GenericRecord>
{
    /// <inheritdoc/>
    public RecordSchema Schema { get; } = schema;

    /// <inheritdoc/>
    public GenericRecord ToAvro(GenericRecord value) => value;

    /// <inheritdoc/>
    public GenericRecord FromAvro(GenericRecord record) => record;
}
