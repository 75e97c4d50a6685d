using Ambient.Broker.Protocol;
using Ambient.Broker.Records;
using BatchRecord = Ambient.Broker.Records.Record;

namespace Ambient.Broker.Tests.Protocol;

/// <summary>Hand-encoded request bodies and record batches for raw protocol tests.</summary>
internal static class RawRequests
{
    public static byte[] Batch(params string[] values) => Batch(-1, -1, -1, values);

    public static byte[] Batch(long producerId, short epoch, int baseSequence, params string[] values) =>
        RecordBatchBuilder.Build(0, values.Length - 1, 1_700_000_000_000, 0, producerId, epoch, baseSequence,
            values.Select((v, i) => new BatchRecord(i, 1_700_000_000_000 + i, "k"u8.ToArray(), System.Text.Encoding.UTF8.GetBytes(v), ReadOnlyMemory<byte>.Empty)).ToList());

    /// <summary>Produce v3+ body for one partition.</summary>
    public static Action<KafkaWriter> Produce(string topic, int partition, byte[] records, short acks = -1) => w =>
    {
        w.WriteNullableString(null);
        w.WriteInt16(acks);
        w.WriteInt32(5000);
        w.WriteArrayLength(1);
        w.WriteString(topic);
        w.WriteArrayLength(1);
        w.WriteInt32(partition);
        w.WriteBytes(records);
    };

    /// <summary>Reads a Produce v8 response for one partition: error, base offset, error message.</summary>
    public static (ErrorCode Error, long BaseOffset, string? Message) ReadProduceV8(KafkaReader r)
    {
        Assert.Equal(1, r.ReadArrayLength());
        r.ReadString();
        Assert.Equal(1, r.ReadArrayLength());
        r.ReadInt32();
        var error = (ErrorCode)r.ReadInt16();
        var baseOffset = r.ReadInt64();
        r.ReadInt64(); // log append time
        r.ReadInt64(); // log start offset
        r.ReadArrayLength(); // record errors (empty)
        return (error, baseOffset, r.ReadNullableString());
    }

    /// <summary>Metadata v1+ body for a list of topics.</summary>
    public static Action<KafkaWriter> Metadata(params string[] topics) => w => w.WriteArray(topics, (writer, t) => writer.WriteString(t));

    /// <summary>ListOffsets v1 body asking for the latest offset of one partition.</summary>
    public static Action<KafkaWriter> LatestOffset(string topic, int partition) => w =>
    {
        w.WriteInt32(-1);
        w.WriteArrayLength(1);
        w.WriteString(topic);
        w.WriteArrayLength(1);
        w.WriteInt32(partition);
        w.WriteInt64(-1);
    };

    public static long ReadLatestOffsetV1(KafkaReader r)
    {
        r.ReadArrayLength();
        r.ReadString();
        r.ReadArrayLength();
        r.ReadInt32();
        Assert.Equal(ErrorCode.None, (ErrorCode)r.ReadInt16());
        r.ReadInt64();
        return r.ReadInt64();
    }
}
