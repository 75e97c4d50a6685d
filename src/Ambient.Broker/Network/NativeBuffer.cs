using System.Buffers;
using System.Runtime.InteropServices;

namespace Ambient.Broker.Network;

/// <summary>
/// Bytes in native memory, freed when disposed: the C allocator hands big blocks straight back to the
/// operating system, so the process's resident size falls as soon as a large request has been served.
/// Growing uses realloc, which moves pages instead of copying them for big blocks on Linux.
/// </summary>
internal sealed unsafe class NativeBuffer : MemoryManager<byte>
{
    private void* _pointer;
    private int _length;

    public NativeBuffer(int length)
    {
        _pointer = NativeMemory.Alloc((nuint)length);
        _length = length;
    }

    /// <summary>Grows or shrinks the block, keeping its first bytes; earlier spans of it are invalid afterwards.</summary>
    public void Resize(int length)
    {
        ObjectDisposedException.ThrowIf(_pointer is null, this);
        _pointer = NativeMemory.Realloc(_pointer, (nuint)length);
        _length = length;
    }

    public override Span<byte> GetSpan()
    {
        ObjectDisposedException.ThrowIf(_pointer is null, this);
        return new Span<byte>(_pointer, _length);
    }

    // Native memory never moves, so pinning is free.
    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ObjectDisposedException.ThrowIf(_pointer is null, this);
        return new MemoryHandle((byte*)_pointer + elementIndex);
    }

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (_pointer is not null)
        {
            NativeMemory.Free(_pointer);
            _pointer = null;
            _length = 0;
        }
    }
}
