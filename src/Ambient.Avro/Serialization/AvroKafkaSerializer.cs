using Confluent.Kafka;

namespace Ambient.Avro.Serialization;

/// <summary>Confluent.Kafka serializer writing <typeparamref name="T"/> as framed Avro through its <see cref="AvroRecordCodec{T}"/>.</summary>
/// <typeparam name="T">The record type.</typeparam>
/// <param name="codec">The codec of <typeparamref name="T"/>.</param>
public sealed class AvroKafkaSerializer<T>(AvroRecordCodec<T> codec) : ISerializer<T>, IAsyncSerializer<T>
{
    /// <inheritdoc/>
    public byte[] Serialize(T data, SerializationContext context) => codec.Encode(data);

    /// <inheritdoc/>
    public Task<byte[]> SerializeAsync(T data, SerializationContext context) => codec.EncodeAsync(data).AsTask();
}
