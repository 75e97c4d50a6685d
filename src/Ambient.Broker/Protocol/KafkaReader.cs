using System.Buffers.Binary;
using System.Text;

namespace Ambient.Broker.Protocol;

/// <summary>
/// Reads Kafka protocol primitives (big-endian integers, length-prefixed strings, bytes and arrays,
/// and the compact/tagged forms of flexible versions) from one request frame.
/// Every read is bounds-checked: a frame that lies about a length throws <see cref="ProtocolException"/>
/// instead of allocating or reading past its end.
/// </summary>
internal sealed class KafkaReader(ReadOnlyMemory<byte> buffer)
{
    private readonly ReadOnlyMemory<byte> _buffer = buffer;

    public int Position { get; private set; }

    public int Remaining => _buffer.Length - Position;

    public sbyte ReadInt8() => (sbyte)Take(1)[0];

    public bool ReadBoolean() => Take(1)[0] != 0;

    public short ReadInt16() => BinaryPrimitives.ReadInt16BigEndian(Take(2));

    public int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public Guid ReadUuid() => new(Take(16), bigEndian: true);

    public string ReadString() =>
        ReadNullableString() ?? throw new ProtocolException("A non-nullable string was null.");

    public string? ReadNullableString()
    {
        int length = ReadInt16();
        return length switch
        {
            -1 => null,
            < -1 => throw new ProtocolException($"Invalid string length {length}."),
            _ => Encoding.UTF8.GetString(Take(length)),
        };
    }

    public string ReadCompactString() =>
        ReadCompactNullableString() ?? throw new ProtocolException("A non-nullable compact string was null.");

    public string? ReadCompactNullableString()
    {
        var lengthPlusOne = ReadUnsignedVarint();
        return lengthPlusOne == 0 ? null : Encoding.UTF8.GetString(Take(CheckedLength(lengthPlusOne - 1)));
    }

    public ReadOnlyMemory<byte> ReadCompactBytes()
    {
        var lengthPlusOne = ReadUnsignedVarint();
        return lengthPlusOne == 0 ? throw new ProtocolException("A non-nullable compact byte array was null.") : TakeMemory(CheckedLength(lengthPlusOne - 1));
    }

    public ReadOnlyMemory<byte> ReadBytes() =>
        ReadNullableBytes() ?? throw new ProtocolException("A non-nullable byte array was null.");

    public ReadOnlyMemory<byte>? ReadNullableBytes()
    {
        var length = ReadInt32();
        return length switch
        {
            -1 => null,
            < -1 => throw new ProtocolException($"Invalid bytes length {length}."),
            _ => TakeMemory(length),
        };
    }

    /// <summary>Reads an int32 array length; -1 (null) is returned as is for the caller to interpret.</summary>
    public int ReadArrayLength()
    {
        var count = ReadInt32();
        return CheckArrayCount(count);
    }

    public int ReadCompactArrayLength()
    {
        var countPlusOne = ReadUnsignedVarint();
        return countPlusOne == 0 ? -1 : CheckArrayCount(CheckedLength(countPlusOne - 1));
    }

    public uint ReadUnsignedVarint()
    {
        uint value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = Take(1)[0];
            value |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new ProtocolException("Unsigned varint is longer than 5 bytes.");
    }

    /// <summary>Skips a KIP-482 tagged-field section; the broker understands no tagged fields.</summary>
    public void SkipTaggedFields()
    {
        var count = ReadUnsignedVarint();
        for (var i = 0; i < count; i++)
        {
            ReadUnsignedVarint();
            var size = CheckedLength(ReadUnsignedVarint());
            Take(size);
        }
    }

    /// <summary>Reads a non-nullable array with a per-item reader.</summary>
    public List<T> ReadArray<T>(Func<KafkaReader, T> readItem)
    {
        var count = ReadArrayLength();
        if (count < 0)
        {
            throw new ProtocolException("A non-nullable array was null.");
        }

        return ReadItems(count, readItem);
    }

    public List<T>? ReadNullableArray<T>(Func<KafkaReader, T> readItem)
    {
        var count = ReadArrayLength();
        return count < 0 ? null : ReadItems(count, readItem);
    }

    public List<T> ReadCompactArray<T>(Func<KafkaReader, T> readItem)
    {
        var count = ReadCompactArrayLength();
        return count < 0 ? throw new ProtocolException("A non-nullable array was null.") : ReadItems(count, readItem);
    }

    private List<T> ReadItems<T>(int count, Func<KafkaReader, T> readItem)
    {
        var items = new List<T>(count);
        for (var i = 0; i < count; i++)
        {
            items.Add(readItem(this));
        }

        return items;
    }

    private int CheckArrayCount(int count)
    {
        // Every array element occupies at least one byte, so a count above the bytes left is a lie
        // that would otherwise make us allocate gigabytes.
        if (count < -1 || count > Remaining)
        {
            throw new ProtocolException($"Invalid array length {count} with {Remaining} bytes left.");
        }

        return count;
    }

    private static int CheckedLength(uint length) =>
        length > int.MaxValue ? throw new ProtocolException($"Length {length} is too large.") : (int)length;

    private ReadOnlySpan<byte> Take(int count) => TakeMemory(count).Span;

    private ReadOnlyMemory<byte> TakeMemory(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw new ProtocolException($"Needed {count} bytes at position {Position} but only {Remaining} remain.");
        }

        var slice = _buffer.Slice(Position, count);
        Position += count;
        return slice;
    }
}
