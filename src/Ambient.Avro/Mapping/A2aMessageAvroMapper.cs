using Ambient.Abstractions.A2a;
using Ambient.Avro.Schemas;
using Avro;
using Avro.Generic;

namespace Ambient.Avro.Mapping;

/// <summary><see cref="A2aMessage"/> ↔ <c>io.ambient.v1.Message</c>: the value of an inbox request.</summary>
public sealed class A2aMessageAvroMapper : IAvroRecordMapper<A2aMessage>
{
    /// <inheritdoc/>
    public RecordSchema Schema { get; } = AmbientSchemas.Get("Message");

    /// <inheritdoc/>
    public GenericRecord ToAvro(A2aMessage value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return A2aAvroParts.ToMessage(Schema, value);
    }

    /// <inheritdoc/>
    public A2aMessage FromAvro(GenericRecord record) => A2aAvroParts.FromMessage(record);
}
