using Avro;

namespace Ambient.Avro.Wire;

/// <summary>Writes and reads the header in front of an Avro body: the one place that knows the wire formats.</summary>
public interface IAvroFraming
{
    /// <summary>The format records are written in.</summary>
    AvroWireFormat WriteFormat { get; }

    /// <summary>The header to put in front of a body written with <paramref name="writerSchema"/>; the same array for every record of the schema, not to be changed.</summary>
    /// <exception cref="Registry.SchemaRegistryException">The registry could not register or find the schema.</exception>
    ValueTask<byte[]> HeaderForAsync(Schema writerSchema, CancellationToken cancellationToken = default);

    /// <summary>Reads the header of <paramref name="record"/>: the writer's schema and where the body starts.</summary>
    /// <exception cref="AvroSerializationException">The header is truncated, of an unknown format, or names an unknown schema.</exception>
    /// <exception cref="Registry.SchemaRegistryException">The registry could not be asked.</exception>
    ValueTask<FramedRecord> ReadHeaderAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default);
}
