using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Ambient.Broker.Protocol;

/// <summary>
/// Writes Kafka protocol primitives into a pooled, growable buffer. A response frame is written
/// with its 4-byte size prefix reserved up front and patched by <see cref="CompleteFrame"/>.
/// </summary>
internal sealed class KafkaWriter : IDisposable
{
    private byte[] _buffer;
    private int _frameStart;

    public KafkaWriter(int initialCapacity = 256)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
    }

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, Length);

    public void WriteInt8(sbyte value) => GetSpan(1)[0] = (byte)value;

    public void WriteBoolean(bool value) => WriteInt8(value ? (sbyte)1 : (sbyte)0);

    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16BigEndian(GetSpan(2), value);

    public void WriteInt16(ErrorCode value) => WriteInt16((short)value);

    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32BigEndian(GetSpan(4), value);

    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64BigEndian(GetSpan(8), value);

    public void WriteUuid(Guid value) => value.TryWriteBytes(GetSpan(16), bigEndian: true, out _);

    public void WriteString(string value) => WriteNullableString(value);

    public void WriteNullableString(string? value)
    {
        if (value is null)
        {
            WriteInt16(-1);
            return;
        }

        var byteCount = Encoding.UTF8.GetByteCount(value);
        WriteInt16(checked((short)byteCount));
        Encoding.UTF8.GetBytes(value, GetSpan(byteCount));
    }

    public void WriteCompactString(string value) => WriteCompactNullableString(value);

    public void WriteCompactNullableString(string? value)
    {
        if (value is null)
        {
            WriteUnsignedVarint(0);
            return;
        }

        var byteCount = Encoding.UTF8.GetByteCount(value);
        WriteUnsignedVarint((uint)byteCount + 1);
        Encoding.UTF8.GetBytes(value, GetSpan(byteCount));
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteInt32(value.Length);
        value.CopyTo(GetSpan(value.Length));
    }

    public void WriteCompactBytes(ReadOnlySpan<byte> value)
    {
        WriteUnsignedVarint((uint)value.Length + 1);
        value.CopyTo(GetSpan(value.Length));
    }

    public void WriteNullableBytes(ReadOnlyMemory<byte>? value)
    {
        if (value is null)
        {
            WriteInt32(-1);
            return;
        }

        WriteBytes(value.Value.Span);
    }

    public void WriteRaw(ReadOnlySpan<byte> value) => value.CopyTo(GetSpan(value.Length));

    public void WriteArrayLength(int count) => WriteInt32(count);

    public void WriteCompactArrayLength(int count) => WriteUnsignedVarint((uint)(count + 1));

    public void WriteEmptyTaggedFields() => WriteUnsignedVarint(0);

    public void WriteUnsignedVarint(uint value)
    {
        while (value >= 0x80)
        {
            GetSpan(1)[0] = (byte)(value | 0x80);
            value >>= 7;
        }

        GetSpan(1)[0] = (byte)value;
    }

    public void WriteArray<T>(IReadOnlyCollection<T> items, Action<KafkaWriter, T> writeItem)
    {
        WriteArrayLength(items.Count);
        foreach (var item in items)
        {
            writeItem(this, item);
        }
    }

    /// <summary>Overwrites an int32 written earlier at <paramref name="position"/> (a length known only afterwards).</summary>
    public void PatchInt32(int position, int value) => BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(position), value);

    /// <summary>Overwrites an int16 written earlier at <paramref name="position"/>.</summary>
    public void PatchInt16(int position, short value) => BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(position), value);

    /// <summary>Drops everything written after <paramref name="length"/> bytes.</summary>
    public void Truncate(int length) => Length = length;

    /// <summary>
    /// Starts a frame after whatever is already written (a connection batches responses into one
    /// socket write) by reserving its 4-byte size prefix.
    /// </summary>
    public void BeginFrame()
    {
        _frameStart = Length;
        GetSpan(4);
    }

    /// <summary>Patches the frame size prefix once the whole response is written.</summary>
    public void CompleteFrame() => BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_frameStart), Length - _frameStart - 4);

    /// <summary>Drops the frame begun last (a request that gets no response, such as Produce with acks=0).</summary>
    public void DiscardFrame() => Length = _frameStart;

    /// <summary>Empties the buffer for reuse, giving a very large one back to the pool.</summary>
    public void Reset(int keepCapacity)
    {
        Length = 0;
        _frameStart = 0;
        if (_buffer.Length > keepCapacity)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(keepCapacity);
        }
    }

    /// <summary>Returns a writable span of exactly <paramref name="count"/> bytes and advances past it.</summary>
    public Span<byte> GetSpan(int count)
    {
        EnsureCapacity(count);
        var span = _buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }

    /// <summary>Gives back bytes taken with <see cref="GetSpan"/> but not used (e.g. a short file read).</summary>
    public void Unwrite(int count) => Length -= count;

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private void EnsureCapacity(int extra)
    {
        if (Length + extra <= _buffer.Length)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, Length + extra));
        _buffer.AsSpan(0, Length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
