using System.Text;
using Avro;
using Avro.IO;
using IAvroDecoder = Avro.IO.Decoder;

namespace Ambient.Avro.Wire;

/// <summary>
/// Apache.Avro's binary decoder, except that a string or bytes length is checked against the bytes left before
/// anything is allocated: a corrupt length in a 100-byte record must not allocate gigabytes.
/// </summary>
internal sealed class BoundedBinaryDecoder(MemoryStream stream) : IAvroDecoder
{
    private readonly BinaryDecoder _inner = new(stream);

    public byte[] ReadBytes()
    {
        var bytes = new byte[CheckedLength("bytes")];
        stream.ReadExactly(bytes);
        return bytes;
    }

    public string ReadString()
    {
        var length = CheckedLength("string");
        // The buffer segment starts where the stream does, as Position counts.
        var text = stream.TryGetBuffer(out var buffer)
            ? Encoding.UTF8.GetString(buffer.AsSpan((int)stream.Position, length))
            : throw new InvalidOperationException("The record's stream must expose its buffer.");
        stream.Position += length;
        return text;
    }

    public void ReadNull() => _inner.ReadNull();

    public bool ReadBoolean() => _inner.ReadBoolean();

    public int ReadInt() => _inner.ReadInt();

    public long ReadLong() => _inner.ReadLong();

    public float ReadFloat() => _inner.ReadFloat();

    public double ReadDouble() => _inner.ReadDouble();

    public int ReadEnum() => _inner.ReadEnum();

    public long ReadArrayStart() => _inner.ReadArrayStart();

    public long ReadArrayNext() => _inner.ReadArrayNext();

    public long ReadMapStart() => _inner.ReadMapStart();

    public long ReadMapNext() => _inner.ReadMapNext();

    public int ReadUnionIndex() => _inner.ReadUnionIndex();

    public void ReadFixed(byte[] buffer) => _inner.ReadFixed(buffer);

    public void ReadFixed(byte[] buffer, int start, int length) => _inner.ReadFixed(buffer, start, length);

    public void SkipNull() => _inner.SkipNull();

    public void SkipBoolean() => _inner.SkipBoolean();

    public void SkipInt() => _inner.SkipInt();

    public void SkipLong() => _inner.SkipLong();

    public void SkipFloat() => _inner.SkipFloat();

    public void SkipDouble() => _inner.SkipDouble();

    public void SkipBytes() => Skip(CheckedLength("bytes"));

    public void SkipString() => Skip(CheckedLength("string"));

    public void SkipEnum() => _inner.SkipEnum();

    public void SkipUnionIndex() => _inner.SkipUnionIndex();

    public void SkipFixed(int len) => _inner.SkipFixed(len);

    // Not "stream.Position += CheckedLength(...)": that reads Position before the length's varint is consumed.
    private void Skip(int length) => stream.Position += length;

    private int CheckedLength(string what)
    {
        var length = _inner.ReadLong();
        var left = stream.Length - stream.Position;
        if (length < 0)
        {
            throw new AvroException($"A {what} has the negative length {length}.");
        }

        return length <= left
            ? (int)length
            : throw new EndOfStreamException($"A {what} of {length} bytes is announced, only {left} bytes are left.");
    }
}
