using System.Buffers;

namespace Ambient.Broker.Network;

/// <summary>
/// One request frame too big for the receive buffer, assembled as its bytes arrive. It starts small and
/// doubles as it fills (or grows to what the socket already holds), never past the announced size, so it
/// holds at most about twice what was received: a client that announces 99 MiB and sends 100 bytes costs
/// 128 KiB, not 99 MiB.
/// </summary>
/// <remarks>
/// Up to 1 MiB (librdkafka's default <c>message.max.bytes</c>, so most produce requests) the buffer is
/// rented from <see cref="ArrayPool{T}.Shared"/> and reused. Bigger frames are rare and live in native
/// memory that is freed, not pooled, when the frame has been served or its connection drops: a pool would
/// keep the largest frames ever seen resident, and a freed managed array would only leave the process
/// at the next full garbage collection, which an idle broker may not have for hours.
/// </remarks>
internal sealed class FrameBuffer : IDisposable
{
    private const int InitialCapacity = 128 * 1024;
    private const int LargestPooled = 1024 * 1024;
    private readonly RequestMemory _memory;
    private byte[]? _pooled;
    private NativeBuffer? _native;
    private int _capacity;

    public FrameBuffer(int size, RequestMemory memory)
    {
        Size = size;
        _memory = memory;
    }

    /// <summary>The announced frame size.</summary>
    public int Size { get; }

    /// <summary>Bytes received so far.</summary>
    public int Length { get; private set; }

    public bool IsComplete => Length == Size;

    /// <summary>The whole frame, once complete.</summary>
    public Memory<byte> Frame => Storage[..Size];

    private Memory<byte> Storage => _native?.Memory ?? _pooled.AsMemory(0, _capacity);

    /// <summary>Where the next bytes go, after growing if full; <paramref name="ready"/> is what the socket already holds.</summary>
    public Memory<byte> GetFreeSpace(int ready)
    {
        if (Length == _capacity)
        {
            Grow(Math.Max(ready, 1));
        }

        return Storage[Length.._capacity];
    }

    public void Advance(int count) => Length += count;

    /// <summary>Copies in bytes that arrived in the receive buffer; <paramref name="ready"/> more wait in the socket.</summary>
    public void Append(ReadOnlySpan<byte> bytes, int ready)
    {
        while (!bytes.IsEmpty)
        {
            var free = GetFreeSpace(bytes.Length + ready).Span;
            var count = Math.Min(free.Length, bytes.Length);
            bytes[..count].CopyTo(free);
            Advance(count);
            bytes = bytes[count..];
        }
    }

    public void Dispose()
    {
        if (_pooled is not null)
        {
            ArrayPool<byte>.Shared.Return(_pooled);
            _pooled = null;
        }

        ((IDisposable?)_native)?.Dispose();
        _native = null;
        _memory.Allocated(-_capacity);
        _capacity = 0;
    }

    private void Grow(int wanted)
    {
        var capacity = (int)Math.Min(Size, Math.Max(InitialCapacity, Math.Max(2L * _capacity, (long)Length + wanted)));
        if (capacity <= LargestPooled)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(capacity);
            if (_pooled is not null)
            {
                _pooled.AsSpan(0, Length).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_pooled);
            }

            _pooled = bigger;
        }
        else if (_native is null)
        {
            _native = new NativeBuffer(capacity);
            _pooled?.AsSpan(0, Length).CopyTo(_native.GetSpan());
            if (_pooled is not null)
            {
                ArrayPool<byte>.Shared.Return(_pooled);
                _pooled = null;
            }
        }
        else
        {
            _native.Resize(capacity);
        }

        _memory.Allocated(capacity - _capacity);
        _capacity = capacity;
    }
}
