using System.Runtime.InteropServices;

namespace Ambient.Kafka.Internal;

/// <summary>Record values as Confluent.Kafka takes them.</summary>
internal static class RecordValues
{
    /// <summary>
    /// Null for no bytes (a record without a value: a tombstone on compacted topics, a data-less CloudEvent in
    /// binary mode); otherwise the backing array when the memory spans all of it, else a copy.
    /// The producer copies the bytes when it enqueues the record, so sharing the array is safe. Confluent.Kafka
    /// annotates <c>Message.Value</c> as non-null, but its byte-array serializer writes null as "no value".
    /// </summary>
    public static byte[]? ToValue(ReadOnlyMemory<byte> value)
    {
        if (value.IsEmpty)
        {
            return null;
        }

        return MemoryMarshal.TryGetArray(value, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : value.ToArray();
    }
}
