namespace Ambient.Broker.Network;

/// <summary>
/// The memory of request frames too big for a connection's receive buffer, shared by all connections:
/// a budget of <see cref="BrokerOptions.MaxQueuedRequestBytes"/> (Kafka's <c>queued.max.request.bytes</c>
/// memory pool) that a frame reserves at its announced size before it is read, and the count of bytes
/// its <see cref="FrameBuffer"/> actually holds, which grows only as the frame arrives.
/// </summary>
/// <remarks>
/// As in Kafka's pool, a reservation is granted whenever less than the budget is in use, so the one frame
/// that crosses the limit still fits and a frame bigger than the whole budget is not stuck forever; the
/// others wait in arrival order, not reading their sockets, until enough is released. Waiting pauses the
/// client rather than closing it: a producer's request is delayed, not lost, and a stalled sender is
/// closed by <see cref="BrokerOptions.PartialFrameTimeout"/>, which releases its reservation.
/// </remarks>
internal sealed class RequestMemory(long budget)
{
    private readonly Lock _lock = new();
    private readonly Queue<Waiter> _waiters = new();
    private long _reserved;
    private long _allocated;
    private long _buffersCreated;

    /// <summary>Bytes reserved by frames being received or served.</summary>
    public long ReservedBytes => Interlocked.Read(ref _reserved);

    /// <summary>Bytes held now by frame buffers (at most about twice what their frames have received).</summary>
    public long AllocatedBytes => Interlocked.Read(ref _allocated);

    /// <summary>Frame buffers created since the broker started.</summary>
    public long BuffersCreated => Interlocked.Read(ref _buffersCreated);

    /// <summary>Connections waiting for a reservation.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _waiters.Count(w => !w.Task.IsCompleted);
            }
        }
    }

    /// <summary>Reserves <paramref name="bytes"/>, waiting while the budget is used up; true when it had to wait.</summary>
    public async ValueTask<bool> ReserveAsync(int bytes, CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (_lock)
        {
            if (_waiters.Count == 0 && _reserved < budget)
            {
                Add(ref _reserved, bytes, BrokerTelemetry.QueuedRequestBytes);
                return false;
            }

            waiter = new Waiter(bytes);
            _waiters.Enqueue(waiter);
        }

        using (cancellationToken.Register(static w => ((Waiter)w!).TrySetCanceled(), waiter))
        {
            await waiter.Task;
        }

        return true;
    }

    /// <summary>Returns a reservation and grants the waiters it makes room for.</summary>
    public void Release(int bytes)
    {
        lock (_lock)
        {
            Add(ref _reserved, -bytes, BrokerTelemetry.QueuedRequestBytes);
            while (_reserved < budget && _waiters.TryDequeue(out var waiter))
            {
                // A waiter cancelled by shutdown is skipped; completions run asynchronously, outside this lock.
                if (waiter.TrySetResult())
                {
                    Add(ref _reserved, waiter.Bytes, BrokerTelemetry.QueuedRequestBytes);
                }
            }
        }
    }

    /// <summary>A buffer for one frame of <paramref name="size"/> bytes, holding nothing yet.</summary>
    public FrameBuffer CreateBuffer(int size)
    {
        Interlocked.Increment(ref _buffersCreated);
        return new FrameBuffer(size, this);
    }

    /// <summary>Called by <see cref="FrameBuffer"/> as it grows (positive) and when it is freed (negative).</summary>
    public void Allocated(long bytes) => Add(ref _allocated, bytes, BrokerTelemetry.RequestBufferBytes);

    private static void Add(ref long counter, long bytes, Action<long> meter)
    {
        Interlocked.Add(ref counter, bytes);
        meter(bytes);
    }

    private sealed class Waiter(int bytes) : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public int Bytes { get; } = bytes;
    }
}
