namespace Ambient.Broker.Storage;

/// <summary>Compares record keys by content, for the cleaner's key → latest-offset map.</summary>
internal sealed class ByteKeyComparer : IEqualityComparer<byte[]>
{
    public static ByteKeyComparer Instance { get; } = new();

    public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

    public int GetHashCode(byte[] obj)
    {
        var hash = new HashCode();
        hash.AddBytes(obj);
        return hash.ToHashCode();
    }
}
