using System.Text;
using Ambient.Broker.Records;
using BatchRecord = Ambient.Broker.Records.Record;

namespace Ambient.Broker.Tests.Records;

public sealed class RecordCodecTests
{
    [Fact]
    public void Crc32C_StandardCheckValue() =>
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));

    [Theory]
    [InlineData((int)CompressionType.None)]
    [InlineData((int)CompressionType.Gzip)]
    [InlineData((int)CompressionType.Snappy)]
    [InlineData((int)CompressionType.Lz4)]
    [InlineData((int)CompressionType.Zstd)]
    public void Batch_BuiltAndRead_RoundTripsKeysValuesHeadersAndTimestamps(int codec)
    {
        var compression = (CompressionType)codec;
        var records = new List<BatchRecord>
        {
            new(0, 1_000, "a"u8.ToArray(), "first"u8.ToArray(), new byte[] { 2, 2, (byte)'h', 2, 9 }),
            new(1, 990, null, Encoding.UTF8.GetBytes(new string('z', 70_000)), ReadOnlyMemory<byte>.Empty),
            new(2, 1_005, "c"u8.ToArray(), null, ReadOnlyMemory<byte>.Empty),
        };

        var batch = RecordBatchBuilder.Build(42, 2, 1_000, (short)compression, -1, -1, -1, records);
        var header = RecordBatchHeader.Read(batch);
        var read = RecordBatchReader.ReadRecords(batch);

        Assert.True(RecordBatchHeader.HasValidCrc(batch));
        Assert.Equal((42L, 44L, 1_005L, compression), (header.BaseOffset, header.LastOffset, header.MaxTimestamp, header.Compression));
        Assert.Equal(records.Select(r => (r.OffsetDelta, r.Timestamp, r.Key?.ToArray(), r.Value?.ToArray(), r.RawHeaders.ToArray().Length > 0 ? r.RawHeaders.ToArray() : [0])),
            read.Select(r => (r.OffsetDelta, r.Timestamp, r.Key?.ToArray(), r.Value?.ToArray(), r.RawHeaders.ToArray())));
    }

    [Fact]
    public void Snappy_RawBlockFromLibrdkafkaAndXerialFramingFromJava_BothDecode()
    {
        var data = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("ambient ", 20_000)));
        var raw = Snappier.Snappy.CompressToArray(data);
        var xerial = CompressionCodecs.Compress(CompressionType.Snappy, data);

        Assert.Equal(data, CompressionCodecs.Decompress(CompressionType.Snappy, raw));
        Assert.Equal(data, CompressionCodecs.Decompress(CompressionType.Snappy, xerial));
        Assert.Equal(0x82, xerial[0]);
    }

    [Theory]
    [InlineData((int)CompressionType.Gzip)]
    [InlineData((int)CompressionType.Snappy)]
    [InlineData((int)CompressionType.Lz4)]
    [InlineData((int)CompressionType.Zstd)]
    public void Decompress_Garbage_ThrowsCorruptRecord(int codec)
    {
        var compression = (CompressionType)codec;
        var garbage = new byte[200];
        new Random(7).NextBytes(garbage);

        Assert.Throws<CorruptRecordException>(() => CompressionCodecs.Decompress(compression, garbage));
    }

    [Fact]
    public void ReadRecords_LyingLengths_ThrowCorruptRecordNotOutOfRange()
    {
        var batch = RecordBatchBuilder.Build(0, 0, 0, 0, -1, -1, -1, [new BatchRecord(0, 0, "k"u8.ToArray(), "v"u8.ToArray(), ReadOnlyMemory<byte>.Empty)]);
        var random = new Random(11);
        for (var i = 0; i < 2_000; i++)
        {
            var copy = (byte[])batch.Clone();
            copy[random.Next(RecordBatchHeader.Size - 4, copy.Length)] = (byte)random.Next(256);
            try
            {
                RecordBatchReader.ReadRecords(copy);
            }
            catch (CorruptRecordException)
            {
            }
        }
    }
}
