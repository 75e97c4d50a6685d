namespace Ambient.Broker.Records;

/// <summary>
/// Zig-zag varints of the record format (protobuf-style), distinct from the unsigned varints of the
/// flexible protocol encoding. https://kafka.apache.org/documentation/#record
/// </summary>
internal static class Varint
{
    public static int ReadInt32(ReadOnlySpan<byte> span, ref int position) => (int)ReadInt64(span, ref position, 5);

    public static long ReadInt64(ReadOnlySpan<byte> span, ref int position) => ReadInt64(span, ref position, 10);

    public static void WriteInt32(List<byte> output, int value) => WriteInt64(output, value);

    public static void WriteInt64(List<byte> output, long value)
    {
        var zigZag = (ulong)((value << 1) ^ (value >> 63));
        while (zigZag >= 0x80)
        {
            output.Add((byte)(zigZag | 0x80));
            zigZag >>= 7;
        }

        output.Add((byte)zigZag);
    }

    private static long ReadInt64(ReadOnlySpan<byte> span, ref int position, int maxBytes)
    {
        ulong raw = 0;
        for (var i = 0; i < maxBytes; i++)
        {
            if (position >= span.Length)
            {
                throw new CorruptRecordException("Record varint runs past the end of the batch.");
            }

            var b = span[position++];
            raw |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                return (long)(raw >> 1) ^ -(long)(raw & 1);
            }
        }

        throw new CorruptRecordException("Record varint is too long.");
    }
}
