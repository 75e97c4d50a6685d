using System.Buffers;
using System.Security.Cryptography;

namespace Ambient.Gateway.Http;

/// <summary>
/// A request body received into pooled chunks and hashed as it arrives. A body that turns out too large or badly
/// signed goes back to the pool whole, so a flood of them leaves no garbage behind; a genuine one is copied out once.
/// </summary>
internal sealed class PooledBody : IDisposable
{
    private const int ChunkBytes = 64 * 1024;
    private readonly List<byte[]> _chunks = [];

    public long Length { get; private set; }

    /// <summary>
    /// Reads <paramref name="body"/> to its end into chunks, feeding <paramref name="hash"/>. With <paramref name="growPerChunk"/>
    /// (a body of unknown length), each chunk is reserved before it is filled.
    /// </summary>
    public async Task<BodyReadResult> ReadAsync(Stream body, long limit, BodyReservation? growPerChunk, IncrementalHash? hash, CancellationToken cancellationToken)
    {
        var chunk = Array.Empty<byte>();
        var filled = 0;
        while (true)
        {
            if (filled == chunk.Length)
            {
                switch (growPerChunk?.TryGrow(ChunkBytes))
                {
                    case BodyBudgetResult.ClientLimit:
                        return BodyReadResult.ClientLimit;
                    case BodyBudgetResult.GatewayLimit:
                        return BodyReadResult.GatewayLimit;
                }

                chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
                _chunks.Add(chunk);
                filled = 0;
            }

            var read = await body.ReadAsync(chunk.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                return BodyReadResult.Complete;
            }

            hash?.AppendData(chunk, filled, read);
            filled += read;
            Length += read;
            if (Length > limit)
            {
                return BodyReadResult.TooLarge;
            }
        }
    }

    /// <summary>The body as one array of its exact length.</summary>
    public byte[] ToArray()
    {
        var whole = new byte[Length];
        var at = 0L;
        foreach (var chunk in _chunks)
        {
            var take = (int)Math.Min(chunk.Length, Length - at);
            chunk.AsSpan(0, take).CopyTo(whole.AsSpan((int)at));
            at += take;
        }

        return whole;
    }

    public void Dispose()
    {
        foreach (var chunk in _chunks)
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        _chunks.Clear();
    }
}
