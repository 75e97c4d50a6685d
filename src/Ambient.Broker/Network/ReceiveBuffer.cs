using System.Buffers;

namespace Ambient.Broker.Network;

/// <summary>
/// A connection's receive buffer: 64 KiB rented from <see cref="ArrayPool{T}.Shared"/> only while bytes
/// are waiting in it, so an idle connection holds none. Frames that fit are served straight from it.
/// </summary>
internal sealed class ReceiveBuffer : IDisposable
{
    /// <summary>The buffer's size; frames (with their size prefix) up to this are served from it.</summary>
    public const int Capacity = 64 * 1024;

    private byte[]? _buffer;
    private int _start;
    private int _end;

    /// <summary>The bytes received and not yet consumed.</summary>
    public Memory<byte> Unread => _buffer.AsMemory(_start, _end - _start);

    public int Count => _end - _start;

    /// <summary>Space to receive into, after moving the unread bytes to the front when they would not otherwise leave room for <paramref name="needed"/> bytes in all.</summary>
    public Memory<byte> GetFreeSpace(int needed)
    {
        _buffer ??= ArrayPool<byte>.Shared.Rent(Capacity);
        if (_start > 0 && _start + needed > _buffer.Length)
        {
            _buffer.AsSpan(_start, Count).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        return _buffer.AsMemory(_end);
    }

    public void Commit(int count) => _end += count;

    public void Consume(int count)
    {
        _start += count;
        if (_start == _end)
        {
            _start = _end = 0;
        }
    }

    /// <summary>Gives the array back to the pool when nothing is waiting in it.</summary>
    public void ReleaseIfEmpty()
    {
        if (Count == 0)
        {
            Dispose();
        }
    }

    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
            _start = _end = 0;
        }
    }
}
