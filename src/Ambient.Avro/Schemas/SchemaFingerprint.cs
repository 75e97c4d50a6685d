using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Avro;

namespace Ambient.Avro.Schemas;

/// <summary>
/// The CRC-64-AVRO fingerprint of a schema's Parsing Canonical Form, which single-object encoding puts in
/// front of every record (https://avro.apache.org/docs/1.12.0/specification/#schema-fingerprints).
/// </summary>
public static class SchemaFingerprint
{
    // Computing the canonical form costs more than writing a small record: remember it per schema instance.
    private static readonly ConditionalWeakTable<Schema, StrongBox<long>> s_fingerprints = [];

    /// <summary>The fingerprint as a number (the spec's <c>long</c>).</summary>
    public static long Of(Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return s_fingerprints.GetValue(schema, static schema => new StrongBox<long>(SchemaNormalization.ParsingFingerprint64(schema))).Value;
    }

    /// <summary>The fingerprint as single-object encoding writes it: 8 bytes, little-endian.</summary>
    public static byte[] BytesOf(Schema schema)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, Of(schema));
        return bytes;
    }
}
