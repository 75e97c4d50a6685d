using System.Buffers.Binary;
using System.Numerics;

namespace Ambient.Broker.Records;

/// <summary>
/// CRC-32C (Castagnoli), the checksum of Kafka record batch v2. <see cref="BitOperations.Crc32C(uint, ulong)"/>
/// is the raw step (hardware accelerated where available); the standard CRC adds init and final XOR 0xFFFFFFFF.
/// Check value of "123456789" is 0xE3069283.
/// </summary>
internal static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return crc ^ 0xFFFFFFFFu;
    }
}
