using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Ambient.Abstractions.Serialization;

namespace Ambient.Avro.Wire;

/// <summary>
/// Avro's binary encoding written straight into one growing buffer: zig-zag varints, length-prefixed UTF-8, union
/// branches, array blocks. The hot records (checkpoints, actions, audit) are written with it field by field, without a
/// generic record, per-string byte arrays, or JSON turned into text and back (JSON values go in as their UTF-8).
/// </summary>
/// <remarks>Not thread-safe; the codec keeps one per thread and reuses it.</remarks>
public sealed class AvroBinaryWriter
{
    private static readonly DateTime s_epoch = DateTime.UnixEpoch;
    private byte[] _buffer;

    /// <summary>Creates a writer with room for <paramref name="capacity"/> bytes before it grows.</summary>
    public AvroBinaryWriter(int capacity = 4096) => _buffer = new byte[capacity];

    /// <summary>Bytes written so far.</summary>
    public int Length { get; private set; }

    /// <summary>The buffer's size (the codec drops writers that grew large for a rare big record).</summary>
    public int Capacity => _buffer.Length;

    /// <summary>Starts over, keeping the buffer.</summary>
    public void Reset() => Length = 0;

    /// <summary>A copy of what was written.</summary>
    public byte[] ToArray() => _buffer.AsSpan(0, Length).ToArray();

    /// <summary>Bytes as they are (a framing header).</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        Length += bytes.Length;
    }

    /// <summary>An Avro <c>int</c>.</summary>
    public void WriteInt(int value) => WriteLong(value);

    /// <summary>An Avro <c>long</c>: zig-zag, then 7 bits per byte, low first.</summary>
    public void WriteLong(long value)
    {
        var span = Reserve(10);
        var zigzag = (ulong)((value << 1) ^ (value >> 63));
        var count = 0;
        while (zigzag >= 0x80)
        {
            span[count++] = (byte)(zigzag | 0x80);
            zigzag >>= 7;
        }

        span[count++] = (byte)zigzag;
        Length += count;
    }

    /// <summary>An Avro <c>double</c>: 8 bytes, IEEE 754, little-endian.</summary>
    public void WriteDouble(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(Reserve(8), value);
        Length += 8;
    }

    /// <summary>A <c>["null", "double"]</c> union.</summary>
    public void WriteOptionalDouble(double? value)
    {
        if (value is not { } number)
        {
            WriteLong(0);
            return;
        }

        WriteLong(1);
        WriteDouble(number);
    }

    /// <summary>An Avro <c>boolean</c>: one byte, 0 or 1.</summary>
    public void WriteBoolean(bool value)
    {
        Reserve(1)[0] = value ? (byte)1 : (byte)0;
        Length += 1;
    }

    /// <summary>An Avro <c>string</c>: its UTF-8 length, then the UTF-8.</summary>
    public void WriteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var size = Encoding.UTF8.GetByteCount(value);
        WriteLong(size);
        Encoding.UTF8.GetBytes(value, Reserve(size));
        Length += size;
    }

    /// <summary>An Avro <c>string</c> from text already in UTF-8.</summary>
    public void WriteUtf8(ReadOnlySpan<byte> utf8)
    {
        WriteLong(utf8.Length);
        WriteRaw(utf8);
    }

    /// <summary>
    /// An Avro <c>string</c> holding a JSON value's text, as the generic mappers write it (<c>GetRawText</c>; an
    /// undefined element is <c>null</c>), without turning it into a .NET string.
    /// </summary>
    public void WriteJson(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            WriteUtf8("null"u8);
            return;
        }

        WriteUtf8(JsonMarshal.GetRawUtf8Value(value));
    }

    /// <summary>An Avro <c>string</c> holding JSON text as it is (<see cref="JsonText.None"/> is <c>null</c>).</summary>
    public void WriteJson(JsonText value)
    {
        ArgumentNullException.ThrowIfNull(value);
        WriteUtf8(value.IsNone ? "null"u8 : value.Utf8);
    }

    /// <summary>A <c>["null", "string"]</c> union.</summary>
    public void WriteOptionalString(string? value)
    {
        if (value is null)
        {
            WriteLong(0);
            return;
        }

        WriteLong(1);
        WriteString(value);
    }

    /// <summary>A <c>timestamp-micros</c> <c>long</c> (UTC microseconds since the Unix epoch, as Apache.Avro writes a DateTime).</summary>
    public void WriteTimestampMicros(DateTimeOffset value) => WriteLong((value.UtcDateTime - s_epoch).Ticks / TimeSpan.TicksPerMicrosecond);

    /// <summary>A <c>["null", timestamp-micros]</c> union.</summary>
    public void WriteOptionalTimestampMicros(DateTimeOffset? value)
    {
        if (value is not { } time)
        {
            WriteLong(0);
            return;
        }

        WriteLong(1);
        WriteTimestampMicros(time);
    }

    /// <summary>An array of strings: one block with every item, then the empty block that ends it.</summary>
    public void WriteStringArray(IReadOnlyCollection<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        WriteArrayStart(items.Count);
        foreach (var item in items)
        {
            WriteString(item);
        }

        WriteArrayEnd();
    }

    /// <summary>Starts an array of <paramref name="count"/> items written next (nothing for an empty one).</summary>
    public void WriteArrayStart(int count)
    {
        if (count > 0)
        {
            WriteLong(count);
        }
    }

    /// <summary>Ends an array: the empty block (Apache.Avro writes the items of a non-empty array as one block).</summary>
    public void WriteArrayEnd() => WriteLong(0);

    private Span<byte> Reserve(int size)
    {
        if (_buffer.Length - Length < size)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + size));
        }

        return _buffer.AsSpan(Length);
    }
}
