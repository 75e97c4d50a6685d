using System.Buffers.Binary;
using System.IO.Compression;
using K4os.Compression.LZ4.Streams;
using Snappier;
using ZstdSharp;

namespace Ambient.Broker.Records;

/// <summary>
/// The four Kafka batch codecs. The broker stores batches as sent and decodes them only to validate
/// and to compact; it re-encodes with the batch's own codec so consumers see what producers chose.
/// </summary>
internal static class CompressionCodecs
{
    /// <summary>Decompressed batches above this size are refused as a decompression bomb.</summary>
    public const int MaxDecompressedBytes = 256 * 1024 * 1024;

    // xerial snappy-java framing, written by Java producers; librdkafka sends raw snappy blocks.
    private static readonly byte[] s_xerialMagic = [0x82, (byte)'S', (byte)'N', (byte)'A', (byte)'P', (byte)'P', (byte)'Y', 0];
    private const int XerialHeaderSize = 16;

    public static byte[] Decompress(CompressionType type, ReadOnlySpan<byte> data)
    {
        try
        {
            return type switch
            {
                CompressionType.Gzip => ReadAll(new GZipStream(new MemoryStream(data.ToArray()), CompressionMode.Decompress)),
                CompressionType.Snappy => DecompressSnappy(data),
                CompressionType.Lz4 => ReadAll(LZ4Stream.Decode(new MemoryStream(data.ToArray()))),
                CompressionType.Zstd => ReadAll(new DecompressionStream(new MemoryStream(data.ToArray()))),
                _ => throw new CorruptRecordException($"Unknown compression codec {(int)type}."),
            };
        }
        catch (Exception ex) when (ex is not CorruptRecordException)
        {
            throw new CorruptRecordException($"Cannot decompress {type} batch: {ex.Message}", ex);
        }
    }

    public static byte[] Compress(CompressionType type, byte[] data)
    {
        var output = new MemoryStream();
        switch (type)
        {
            case CompressionType.Gzip:
                using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
                {
                    gzip.Write(data);
                }

                break;
            case CompressionType.Snappy:
                WriteXerialSnappy(output, data);
                break;
            case CompressionType.Lz4:
                using (var lz4 = LZ4Stream.Encode(output, leaveOpen: true))
                {
                    lz4.Write(data);
                }

                break;
            case CompressionType.Zstd:
                using (var compressor = new Compressor())
                {
                    output.Write(compressor.Wrap(data));
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "Not a compression codec.");
        }

        return output.ToArray();
    }

    private static byte[] DecompressSnappy(ReadOnlySpan<byte> data)
    {
        if (!data.StartsWith(s_xerialMagic))
        {
            return CheckSize(Snappy.DecompressToArray(data));
        }

        var output = new MemoryStream();
        var position = XerialHeaderSize;
        while (position < data.Length)
        {
            if (data.Length - position < 4)
            {
                throw new CorruptRecordException("Truncated xerial snappy chunk header.");
            }

            var chunkLength = BinaryPrimitives.ReadInt32BigEndian(data[position..]);
            position += 4;
            if (chunkLength < 0 || chunkLength > data.Length - position)
            {
                throw new CorruptRecordException($"Xerial snappy chunk of {chunkLength} bytes exceeds the batch.");
            }

            output.Write(Snappy.DecompressToArray(data.Slice(position, chunkLength)));
            position += chunkLength;
            CheckSize(output.Length);
        }

        return output.ToArray();
    }

    private static void WriteXerialSnappy(MemoryStream output, byte[] data)
    {
        Span<byte> header = stackalloc byte[XerialHeaderSize];
        s_xerialMagic.CopyTo(header);
        BinaryPrimitives.WriteInt32BigEndian(header[8..], 1);
        BinaryPrimitives.WriteInt32BigEndian(header[12..], 1);
        output.Write(header);

        const int ChunkSize = 32 * 1024;
        Span<byte> length = stackalloc byte[4];
        for (var offset = 0; offset < data.Length; offset += ChunkSize)
        {
            var chunk = Snappy.CompressToArray(data.AsSpan(offset, Math.Min(ChunkSize, data.Length - offset)));
            BinaryPrimitives.WriteInt32BigEndian(length, chunk.Length);
            output.Write(length);
            output.Write(chunk);
        }
    }

    private static byte[] ReadAll(Stream stream)
    {
        using (stream)
        {
            var output = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                output.Write(buffer, 0, read);
                CheckSize(output.Length);
            }

            return output.ToArray();
        }
    }

    private static byte[] CheckSize(byte[] data)
    {
        CheckSize(data.Length);
        return data;
    }

    private static void CheckSize(long length)
    {
        if (length > MaxDecompressedBytes)
        {
            throw new CorruptRecordException($"Batch decompresses to more than {MaxDecompressedBytes} bytes.");
        }
    }
}
