using System.Buffers.Binary;

namespace Ambient.Broker.Records;

/// <summary>
/// The fixed 61-byte header of a record batch v2 (magic 2). Offsets inside the batch are relative to
/// <see cref="BaseOffset"/>; the CRC covers attributes through the end of the batch, so the broker can
/// stamp BaseOffset and PartitionLeaderEpoch without recomputing it.
/// https://kafka.apache.org/documentation/#recordbatch
/// </summary>
internal readonly record struct RecordBatchHeader(
    long BaseOffset,
    int BatchLength,
    int PartitionLeaderEpoch,
    sbyte Magic,
    uint Crc,
    short Attributes,
    int LastOffsetDelta,
    long BaseTimestamp,
    long MaxTimestamp,
    long ProducerId,
    short ProducerEpoch,
    int BaseSequence,
    int RecordCount)
{
    public const int Size = 61;
    public const int LogOverhead = 12;
    public const int BaseOffsetPosition = 0;
    public const int PartitionLeaderEpochPosition = 12;
    public const int MagicPosition = 16;
    public const int CrcPosition = 17;
    public const int AttributesPosition = 21;
    public const int BaseTimestampPosition = 27;
    public const int MaxTimestampPosition = 35;
    public const int RecordCountPosition = 57;

    private const short CompressionMask = 0x07;
    private const short TimestampTypeFlag = 0x08;
    private const short TransactionalFlag = 0x10;
    private const short ControlFlag = 0x20;
    private const short DeleteHorizonFlag = 0x40;

    /// <summary>Whole batch size on disk and on the wire: the length field counts bytes after itself.</summary>
    public int TotalSize => BatchLength + LogOverhead;

    public long LastOffset => BaseOffset + LastOffsetDelta;

    public long NextOffset => LastOffset + 1;

    public CompressionType Compression => (CompressionType)(Attributes & CompressionMask);

    public bool IsLogAppendTime => (Attributes & TimestampTypeFlag) != 0;

    public bool IsTransactional => (Attributes & TransactionalFlag) != 0;

    public bool IsControl => (Attributes & ControlFlag) != 0;

    public bool HasDeleteHorizon => (Attributes & DeleteHorizonFlag) != 0;

    public bool HasProducerId => ProducerId >= 0;

    public int LastSequence => BaseSequence < 0 ? -1 : unchecked(BaseSequence + LastOffsetDelta);

    public static short WithDeleteHorizon(short attributes) => (short)(attributes | DeleteHorizonFlag);

    public static short WithLogAppendTime(short attributes) => (short)(attributes | TimestampTypeFlag);

    /// <summary>Reads the header fields; the caller guarantees at least <see cref="Size"/> bytes.</summary>
    public static RecordBatchHeader Read(ReadOnlySpan<byte> span) => new(
        BaseOffset: BinaryPrimitives.ReadInt64BigEndian(span),
        BatchLength: BinaryPrimitives.ReadInt32BigEndian(span[8..]),
        PartitionLeaderEpoch: BinaryPrimitives.ReadInt32BigEndian(span[12..]),
        Magic: (sbyte)span[16],
        Crc: BinaryPrimitives.ReadUInt32BigEndian(span[17..]),
        Attributes: BinaryPrimitives.ReadInt16BigEndian(span[21..]),
        LastOffsetDelta: BinaryPrimitives.ReadInt32BigEndian(span[23..]),
        BaseTimestamp: BinaryPrimitives.ReadInt64BigEndian(span[27..]),
        MaxTimestamp: BinaryPrimitives.ReadInt64BigEndian(span[35..]),
        ProducerId: BinaryPrimitives.ReadInt64BigEndian(span[43..]),
        ProducerEpoch: BinaryPrimitives.ReadInt16BigEndian(span[51..]),
        BaseSequence: BinaryPrimitives.ReadInt32BigEndian(span[53..]),
        RecordCount: BinaryPrimitives.ReadInt32BigEndian(span[57..]));

    /// <summary>True when the CRC stored in the batch matches its contents.</summary>
    public static bool HasValidCrc(ReadOnlySpan<byte> batch) =>
        BinaryPrimitives.ReadUInt32BigEndian(batch[CrcPosition..]) == Crc32C.Compute(batch[AttributesPosition..]);

    /// <summary>Recomputes and stores the CRC after the broker changed covered fields.</summary>
    public static void UpdateCrc(Span<byte> batch) =>
        BinaryPrimitives.WriteUInt32BigEndian(batch[CrcPosition..], Crc32C.Compute(batch[AttributesPosition..]));
}
