namespace Ambient.Abstractions.Serialization;

/// <summary>
/// Turns one kind of record into the bytes Ambient writes to Kafka and back. The runtime codes against this
/// contract and Ambient.Avro implements it (framed Avro), so the runtime stays free of the wire format, the
/// Schema Registry and Confluent.Kafka, and its tests can run on the real codec all the same.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
public interface IRecordCodec<T>
{
    /// <summary>The <c>content-type</c> header of the records this codec writes (<c>avro/binary</c>).</summary>
    string ContentType { get; }

    /// <summary>The bytes of <paramref name="value"/>.</summary>
    /// <remarks>May need a remote service (a Schema Registry) the first time; its outages throw and are worth retrying.</remarks>
    ValueTask<byte[]> EncodeAsync(T value, CancellationToken cancellationToken = default);

    /// <summary>The value of <paramref name="bytes"/>.</summary>
    /// <exception cref="RecordFormatException">The bytes are not a readable record: retrying will not help.</exception>
    ValueTask<T> DecodeAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default);
}
