namespace Ambient.Avro;

/// <summary>Why bytes could not be read or written as Avro; dead-letter headers carry it.</summary>
public enum AvroErrorKind
{
    /// <summary>Fewer bytes than the wire format's header or the record's body needs.</summary>
    Truncated,

    /// <summary>The first bytes are neither the Confluent magic byte nor the single-object marker expected.</summary>
    UnknownFormat,

    /// <summary>The single-object fingerprint names a schema this process does not know.</summary>
    UnknownFingerprint,

    /// <summary>The Confluent schema id is not in the Schema Registry.</summary>
    UnknownSchemaId,

    /// <summary>The body does not decode with its writer schema (bad varint, bad union index, trailing bytes).</summary>
    CorruptBody,

    /// <summary>The writer schema cannot be resolved to the reader schema, or a value does not fit its schema.</summary>
    SchemaMismatch,
}
