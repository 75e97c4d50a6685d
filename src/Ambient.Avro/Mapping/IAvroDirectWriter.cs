using Ambient.Avro.Wire;

namespace Ambient.Avro.Mapping;

/// <summary>
/// A mapper that also writes its values' Avro binary body directly, field by field, for records written on the hot
/// path. The codec uses it only while the mapper's schema is the one the writer was written for (same fingerprint);
/// a changed schema falls back to the generic path, and the tests compare both byte for byte.
/// </summary>
/// <typeparam name="T">The C# type.</typeparam>
public interface IAvroDirectWriter<T> : IAvroRecordMapper<T>
{
    /// <summary>The fingerprint (<see cref="Schemas.SchemaFingerprint"/>) of the schema <see cref="Write"/> encodes.</summary>
    long DirectWriterFingerprint { get; }

    /// <summary>Writes the body of <paramref name="value"/> in the field order of <see cref="IAvroRecordMapper{T}.Schema"/>.</summary>
    void Write(T value, AvroBinaryWriter writer);
}
