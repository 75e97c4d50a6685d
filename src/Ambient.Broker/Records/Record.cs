namespace Ambient.Broker.Records;

/// <summary>
/// One record of a v2 batch. Headers are kept as their raw encoded bytes (count varint first): the
/// broker never interprets them, only carries them through compaction.
/// </summary>
internal sealed record Record(
    int OffsetDelta,
    long Timestamp,
    ReadOnlyMemory<byte>? Key,
    ReadOnlyMemory<byte>? Value,
    ReadOnlyMemory<byte> RawHeaders)
{
    public bool IsTombstone => Value is null;
}
