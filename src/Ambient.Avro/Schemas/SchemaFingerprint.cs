using System.Buffers.Binary;
using Avro;

namespace Ambient.Avro.Schemas;

/// <summary>
/// The CRC-64-AVRO fingerprint of a schema's Parsing Canonical Form, which single-object encoding puts in
/// front of every record (https://avro.apache.org/docs/1.12.0/specification/#schema-fingerprints).
/// </summary>
public static class SchemaFingerprint
{
    /// <summary>The fingerprint as a number (the spec's <c>long</c>).</summary>
    public static long Of(Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return SchemaNormalization.ParsingFingerprint64(schema);
    }

    /// <summary>The fingerprint as single-object encoding writes it: 8 bytes, little-endian.</summary>
    public static byte[] BytesOf(Schema schema)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, Of(schema));
        return bytes;
    }
}
