namespace Ambient.Broker.Records;

/// <summary>Codec id in bits 0-2 of the record batch attributes.</summary>
internal enum CompressionType
{
    None = 0,
    Gzip = 1,
    Snappy = 2,
    Lz4 = 3,
    Zstd = 4,
}
