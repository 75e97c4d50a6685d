using System.Diagnostics;
using System.Threading.Channels;
using Ambient.Abstractions.Events;
using Ambient.Kafka.CloudEvents;
using Ambient.Kafka.Tracing;
using Confluent.Kafka;

namespace Ambient.Kafka.Consumers;

/// <summary>
/// Processes one assigned partition's records in order, one at a time, on its own task, so the poll
/// loop never waits for a run. Each record ends exactly one way: processed, or dead-lettered after its
/// retries; only then is its offset reported for storing. A record abandoned by a stop is not reported
/// and will be delivered again.
/// </summary>
internal sealed class PartitionWorker : IDisposable
{
    private readonly Channel<ConsumeResult<string?, byte[]>> _queue = Channel.CreateUnbounded<ConsumeResult<string?, byte[]>>(new() { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _abort = new();
    private readonly TopicPartition _partition;
    private readonly WorkerContext _context;
    private readonly Task _loop;
    private int _queued;
    private volatile bool _stopping;

    public PartitionWorker(TopicPartition partition, WorkerContext context)
    {
        _partition = partition;
        _context = context;
        _loop = Task.Run(LoopAsync);
    }

    public TopicPartition Partition => _partition;

    public int Queued => Volatile.Read(ref _queued);

    public bool IsPaused { get; set; }

    public void Enqueue(ConsumeResult<string?, byte[]> record)
    {
        Interlocked.Increment(ref _queued);
        _queue.Writer.TryWrite(record);
    }

    /// <summary>Stops taking records; the one in flight may finish until <paramref name="grace"/>, then it is cancelled.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        _stopping = true;
        _queue.Writer.TryComplete();
        if (await Task.WhenAny(_loop, Task.Delay(grace, _context.Time)) != _loop)
        {
            await _abort.CancelAsync();
        }

        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Cancels at once (partitions lost: another member may already own them).</summary>
    public async Task AbortAsync()
    {
        _stopping = true;
        _queue.Writer.TryComplete();
        await _abort.CancelAsync();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => _abort.Dispose();

    private async Task LoopAsync()
    {
        var cancellation = _abort.Token;
        await foreach (var record in _queue.Reader.ReadAllAsync(CancellationToken.None))
        {
            Interlocked.Decrement(ref _queued);
            if (_stopping)
            {
                return; // queued records are left for the next owner of the partition
            }

            try
            {
                await _context.Concurrency.WaitAsync(cancellation);
                try
                {
                    await ProcessAsync(record, cancellation);
                }
                finally
                {
                    _context.Concurrency.Release();
                }
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                return;
            }

            _context.Completed(record.TopicPartitionOffset);
        }
    }

    private async Task ProcessAsync(ConsumeResult<string?, byte[]> record, CancellationToken cancellation)
    {
        var at = new EventCoordinates(record.Topic, record.Partition.Value, record.Offset.Value);
        AmbientEvent input;
        try
        {
            input = CloudEventKafkaBinding.FromMessage(record.Message) with { PartitionKey = record.Message.Key };
        }
        catch (CloudEventFormatException ex)
        {
            _context.Logger.LogUnreadableRecord(_context.Processor.Name, at.ToString(), ex.Message);
            await DeadLetterAsync(record, ex, attempts: 1, cancellation);
            return;
        }

        KafkaTraceContext.TryExtract(record.Message.Headers, out var parent);
        using var activity = ConsumerTelemetry.Source.StartActivity($"process {record.Topic}", ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.system", "kafka");
        activity?.SetTag("messaging.operation.type", "process");
        activity?.SetTag("messaging.destination.name", record.Topic);
        activity?.SetTag("messaging.destination.partition.id", record.Partition.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        activity?.SetTag("messaging.kafka.offset", record.Offset.Value);
        activity?.SetTag("messaging.kafka.message.key", record.Message.Key);
        activity?.SetTag("messaging.consumer.group.name", _context.GroupId);
        activity?.SetTag("messaging.message.id", input.Id);

        var attempts = 0;
        try
        {
            var result = await _context.Retry.ExecuteAsync(async token =>
            {
                attempts++;
                return await _context.Processor.ProcessAsync(input, at, token);
            }, cancellation);
            ConsumerTelemetry.Processed.Add(1, new("consumer_group", _context.GroupId), new("result", result.ToString().ToLowerInvariant()));
        }
        catch (Exception ex) when (!cancellation.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            _context.Logger.LogProcessingFailed(ex, _context.Processor.Name, at.ToString(), attempts);
            await DeadLetterAsync(record, ex, attempts, cancellation);
        }
    }

    private async Task DeadLetterAsync(ConsumeResult<string?, byte[]> record, Exception error, int attempts, CancellationToken cancellation)
    {
        var letter = DeadLetters.For(record, _context.Processor.Name, error, attempts, _context.DeadLetterTopic);

        // The record is only let go once its dead-letter copy is acknowledged; until then keep trying.
        for (var delay = TimeSpan.FromMilliseconds(200); ; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks)))
        {
            try
            {
                await _context.Publisher.PublishAsync(letter, cancellation);
                ConsumerTelemetry.Processed.Add(1, new("consumer_group", _context.GroupId), new("result", "dead-lettered"));
                return;
            }
            catch (Exception ex) when (!cancellation.IsCancellationRequested)
            {
                _context.Logger.LogDeadLetterFailed(ex, _context.Processor.Name, record.TopicPartitionOffset.ToString());
                await Task.Delay(delay, _context.Time, cancellation);
            }
        }
    }
}
