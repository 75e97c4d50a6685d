using System.Threading.Channels;
using Confluent.Kafka;

namespace Ambient.Kafka.Consumers;

/// <summary>
/// Processes one assigned partition on its own tasks, so the poll loop never waits for a run. Records
/// with the same key (or every record, with <see cref="OrderingScope.Partition"/>) run one after another
/// in offset order; others run in parallel up to the processor's concurrency. Offsets are reported in
/// offset order and only for a contiguous prefix of finished records, so nothing beyond processed work
/// is ever stored. A record abandoned by a stop is not reported (nor is anything after it) and will be
/// delivered again; a record after an abandoned one of the same key is abandoned too, to keep order.
/// </summary>
internal sealed class PartitionWorker : IDisposable
{
    private const int TailsKeptBeforePruning = 1024;
    private readonly Channel<ConsumeResult<string?, byte[]>> _queue = Channel.CreateUnbounded<ConsumeResult<string?, byte[]>>(new() { SingleReader = true, SingleWriter = true });
    private readonly Channel<(ConsumeResult<string?, byte[]> Record, Task<bool> Done)> _inOrder =
        Channel.CreateUnbounded<(ConsumeResult<string?, byte[]>, Task<bool>)>(new() { SingleReader = true, SingleWriter = true });
    private readonly Dictionary<string, Task<bool>> _tails = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _abort = new();
    private readonly SemaphoreSlim _window;
    private readonly RecordProcessor _processor;
    private readonly WorkerContext _context;
    private readonly Task _dispatch;
    private readonly Task _commit;
    private int _queued;
    private long _queuedBytes;
    private volatile bool _stopping;

    public PartitionWorker(TopicPartition partition, WorkerContext context)
    {
        Partition = partition;
        _context = context;
        _processor = new RecordProcessor(context);
        _window = new SemaphoreSlim(Math.Max(1, context.Processor.MaxConcurrency));
        _dispatch = Task.Run(DispatchAsync);
        _commit = Task.Run(CommitInOrderAsync);
    }

    public TopicPartition Partition { get; }

    public int Queued => Volatile.Read(ref _queued);

    /// <summary>Bytes of the keys and values of the records waiting in <see cref="Queued"/>.</summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    public bool IsPaused { get; set; }

    public void Enqueue(ConsumeResult<string?, byte[]> record)
    {
        Interlocked.Increment(ref _queued);
        Interlocked.Add(ref _queuedBytes, SizeOf(record));
        _queue.Writer.TryWrite(record);
    }

    /// <summary>Stops taking records; runs in flight may finish until <paramref name="grace"/>, then they are cancelled.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        _stopping = true;
        _queue.Writer.TryComplete();
        if (await Task.WhenAny(_commit, Task.Delay(grace, _context.Time)) != _commit)
        {
            await _abort.CancelAsync();
        }

        await Task.WhenAll(_dispatch, _commit).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Cancels at once (partitions lost: another member may already own them).</summary>
    public async Task AbortAsync()
    {
        _stopping = true;
        _queue.Writer.TryComplete();
        await _abort.CancelAsync();
        await Task.WhenAll(_dispatch, _commit).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose()
    {
        _abort.Dispose();
        _window.Dispose();
    }

    private async Task DispatchAsync()
    {
        try
        {
            await foreach (var record in _queue.Reader.ReadAllAsync(CancellationToken.None))
            {
                Interlocked.Decrement(ref _queued);
                Interlocked.Add(ref _queuedBytes, -SizeOf(record));
                if (_stopping)
                {
                    break; // queued records are left for the next owner of the partition
                }

                await _window.WaitAsync(_abort.Token);
                var key = _context.Ordering == OrderingScope.Partition ? string.Empty : record.Message.Key ?? $"#{record.Offset.Value}";
                var done = RunAfterAsync(_tails.GetValueOrDefault(key), record);
                _tails[key] = done;
                _inOrder.Writer.TryWrite((record, done));
                PruneFinishedTails();
            }
        }
        catch (OperationCanceledException)
        {
            // Aborted while waiting for room in the window.
        }
        finally
        {
            _inOrder.Writer.TryComplete();
        }
    }

    /// <summary>Runs the record once the previous record of its key is done; false when it was abandoned.</summary>
    private async Task<bool> RunAfterAsync(Task<bool>? previous, ConsumeResult<string?, byte[]> record)
    {
        var cancellation = _abort.Token;
        try
        {
            if (previous is not null && !await previous)
            {
                return false;
            }

            await _context.Concurrency.WaitAsync(cancellation);
            try
            {
                await _processor.ProcessAsync(record, cancellation);
                return true;
            }
            finally
            {
                _context.Concurrency.Release();
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return false;
        }
        finally
        {
            _window.Release();
        }
    }

    private async Task CommitInOrderAsync()
    {
        await foreach (var (record, done) in _inOrder.Reader.ReadAllAsync(CancellationToken.None))
        {
            if (!await done)
            {
                return; // nothing at or after an abandoned record may be stored
            }

            _context.Completed(record.TopicPartitionOffset);
        }
    }

    private static long SizeOf(ConsumeResult<string?, byte[]> record) => (record.Message.Value?.Length ?? 0) + (record.Message.Key?.Length ?? 0);

    private void PruneFinishedTails()
    {
        if (_tails.Count < TailsKeptBeforePruning)
        {
            return;
        }

        foreach (var (key, tail) in _tails.ToList())
        {
            if (tail.IsCompleted)
            {
                _tails.Remove(key);
            }
        }
    }
}
