using Avro;
using Avro.Generic;

namespace Ambient.Avro.Mapping;

/// <summary>Maps a C# type to and from the generic Avro record of its schema in <c>schemas/</c>.</summary>
/// <typeparam name="T">The C# type.</typeparam>
public interface IAvroRecordMapper<T>
{
    /// <summary>The schema values are written with, and the reader schema other versions are resolved to.</summary>
    RecordSchema Schema { get; }

    /// <summary>The Avro record of <paramref name="value"/>.</summary>
    GenericRecord ToAvro(T value);

    /// <summary>The value of an Avro record already resolved to <see cref="Schema"/>.</summary>
    /// <exception cref="AvroSerializationException">The record holds a value the C# type cannot (e.g. text that is not JSON).</exception>
    T FromAvro(GenericRecord record);
}
