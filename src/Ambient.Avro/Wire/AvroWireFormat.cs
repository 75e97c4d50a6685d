namespace Ambient.Avro.Wire;

/// <summary>How a record's Avro body is framed on Kafka, i.e. how a reader finds the writer's schema.</summary>
public enum AvroWireFormat
{
    /// <summary>
    /// Avro single-object encoding: <c>C3 01</c>, the 8-byte little-endian CRC-64-AVRO fingerprint of the writer
    /// schema, the body (https://avro.apache.org/docs/1.12.0/specification/#single-object-encoding). Needs no registry.
    /// </summary>
    SingleObject,

    /// <summary>The Confluent format: magic byte <c>0</c>, the 4-byte big-endian Schema Registry id, the body.</summary>
    Confluent,
}
