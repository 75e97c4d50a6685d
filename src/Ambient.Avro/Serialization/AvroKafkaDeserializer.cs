using Confluent.Kafka;

namespace Ambient.Avro.Serialization;

/// <summary>
/// Confluent.Kafka deserializer reading framed Avro as <typeparamref name="T"/>. Bad bytes throw
/// <see cref="AvroSerializationException"/>, which the consumer reports as the inner exception of a
/// <see cref="ConsumeException"/>; tombstones (null values on compacted topics) read as null.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
/// <param name="codec">The codec of <typeparamref name="T"/>.</param>
public sealed class AvroKafkaDeserializer<T>(AvroRecordCodec<T> codec) : IDeserializer<T>
{
    /// <inheritdoc/>
    public T Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) =>
        isNull ? default! : codec.Decode(data);
}
