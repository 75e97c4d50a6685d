using System.Diagnostics;
using Ambient.Bench.Measurements;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Ambient.Bench.Workloads;

/// <summary>
/// The workload on NATS JetStream with the official client (NATS.Net): a file-storage stream per phase, acknowledged
/// publishes with at most <see cref="BenchOptions.RedisWindow"/> in flight (as the Redis producer's window), and a pull
/// consumer with explicit acknowledgement of all up to a message, sent once per <see cref="BenchOptions.RedisReadCount"/>
/// records (as Redis's one XACK per batch). One stream, one producer, one consumer.
/// </summary>
internal sealed class NatsWorkload : IWorkload
{
    private static readonly TimeSpan s_stallTimeout = TimeSpan.FromSeconds(30);
    private readonly NatsConnection _connection;
    private readonly NatsJSContext _js;

    private NatsWorkload(NatsConnection connection)
    {
        _connection = connection;
        _js = new NatsJSContext(connection);
    }

    public string Name => "NATS JetStream";

    public static async Task<NatsWorkload> ConnectAsync(string url)
    {
        var connection = new NatsConnection(new NatsOpts { Url = url, Name = "ambient-bench" });
        await connection.ConnectAsync();
        return new NatsWorkload(connection);
    }

    /// <summary>The server's version, from its INFO.</summary>
    public string ServerVersion => _connection.ServerInfo?.Version ?? "unknown";

    public async Task<ThroughputResult> ProduceAsync(string stream, BenchOptions options, CancellationToken cancellationToken)
    {
        await CreateStreamAsync(stream, cancellationToken);
        var payload = Payloads.Random(options.RecordSize);
        var inFlight = new Queue<Task<PubAckResponse>>(options.RedisWindow);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < options.Records; i++)
        {
            if (inFlight.Count == options.RedisWindow)
            {
                (await inFlight.Dequeue()).EnsureSuccess();
            }

            inFlight.Enqueue(_js.PublishAsync(stream, payload, cancellationToken: cancellationToken).AsTask());
        }

        foreach (var ack in await Task.WhenAll(inFlight))
        {
            ack.EnsureSuccess();
        }

        clock.Stop();
        return new ThroughputResult(options.Records, options.PayloadBytes, clock.Elapsed);
    }

    public async Task<ConsumeResult> ConsumeAsync(string stream, BenchOptions options, CancellationToken cancellationToken)
    {
        var consumer = await CreateConsumerAsync(stream, options, cancellationToken);
        var subscribedAt = Stopwatch.GetTimestamp();
        long firstAt = 0, bytes = 0;
        var count = 0;
        using var stalled = StallGuard(cancellationToken);
        await foreach (var message in consumer.ConsumeAsync<byte[]>(opts: ConsumeOptions(options), cancellationToken: stalled.Token))
        {
            if (count == 0)
            {
                firstAt = Stopwatch.GetTimestamp();
            }

            count++;
            bytes += message.Data?.Length ?? 0;
            stalled.CancelAfter(s_stallTimeout);
            if (count % options.RedisReadCount == 0 || count == options.Records)
            {
                await message.AckAsync(cancellationToken: cancellationToken);
            }

            if (count == options.Records)
            {
                break;
            }
        }

        var done = Stopwatch.GetTimestamp();
        return new ConsumeResult(new ThroughputResult(count, bytes, Stopwatch.GetElapsedTime(firstAt, done)), Stopwatch.GetElapsedTime(subscribedAt, firstAt));
    }

    public async Task<LatencyResult> MeasureLatencyAsync(string stream, BenchOptions options, CancellationToken cancellationToken)
    {
        await CreateStreamAsync(stream, cancellationToken);
        var consumer = await CreateConsumerAsync(stream, options, cancellationToken);
        var recorder = new LatencyRecorder(options.LatencyRate * (int)options.LatencyDuration.TotalSeconds);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var receiving = Task.Run(() => ReceiveAsync(consumer, recorder, options, stop.Token), cancellationToken);

        var pacer = new RatePacer(options.LatencyRate, options.LatencyWarmup, options.LatencyDuration);
        recorder.MeasureFrom = pacer.MeasureFrom;
        var pending = new List<Task<PubAckResponse>>();
        long sent = 0;
        for (var due = pacer.Due(); due >= 0; due = pacer.Due())
        {
            for (; sent < due; sent++)
            {
                var payload = new byte[options.RecordSize];
                LatencyRecorder.Stamp(payload);
                pending.Add(_js.PublishAsync(stream, payload, cancellationToken: cancellationToken).AsTask());
            }

            cancellationToken.ThrowIfCancellationRequested();
            RatePacer.Pause();
        }

        await Task.WhenAll(pending);
        // Every record received, the consumer stops: before the ack wait (30 s) would redeliver the unacknowledged tail.
        var (seen, lastProgress) = (-1L, Stopwatch.GetTimestamp());
        while (recorder.Received < sent)
        {
            if (recorder.Received != seen)
            {
                (seen, lastProgress) = (recorder.Received, Stopwatch.GetTimestamp());
            }

            ThrowIfStalled(lastProgress, $"latency consumer received {recorder.Received} of {sent} records");
            await Task.Delay(1, cancellationToken);
        }

        await stop.CancelAsync();
        await receiving;
        return recorder.Summarize();
    }

    public async Task DeleteAsync(string stream, CancellationToken cancellationToken) => await _js.DeleteStreamAsync(stream, cancellationToken);

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();

    private static async Task ReceiveAsync(INatsJSConsumer consumer, LatencyRecorder recorder, BenchOptions options, CancellationToken stop)
    {
        long received = 0;
        try
        {
            await foreach (var message in consumer.ConsumeAsync<byte[]>(opts: ConsumeOptions(options), cancellationToken: stop))
            {
                recorder.Record(message.Data, Stopwatch.GetTimestamp());
                if (++received % options.RedisReadCount == 0)
                {
                    await message.AckAsync(cancellationToken: stop);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Every record arrived: the measurement is over.
        }
    }

    private static void ThrowIfStalled(long lastProgress, string what)
    {
        if (Stopwatch.GetElapsedTime(lastProgress) > s_stallTimeout)
        {
            throw new TimeoutException($"No progress for {s_stallTimeout.TotalSeconds:0} s: {what}.");
        }
    }

    private async Task CreateStreamAsync(string stream, CancellationToken cancellationToken) =>
        await _js.CreateStreamAsync(new StreamConfig(stream, [stream]) { Storage = StreamConfigStorage.File }, cancellationToken);

    private async Task<INatsJSConsumer> CreateConsumerAsync(string stream, BenchOptions options, CancellationToken cancellationToken) =>
        await _js.CreateOrUpdateConsumerAsync(stream, new ConsumerConfig($"{stream}-consumer")
        {
            AckPolicy = ConsumerConfigAckPolicy.All,
            // Acknowledged once per batch: room for a few batches in flight, so delivery never waits on an ack.
            MaxAckPending = options.RedisReadCount * 4,
        }, cancellationToken);

    // As much buffered as one Redis read returns.
    private static NatsJSConsumeOpts ConsumeOptions(BenchOptions options) => new() { MaxMsgs = options.RedisReadCount };

    // A consumer that receives nothing for the stall timeout gives up, as the Redis and Kafka consumers do.
    private static CancellationTokenSource StallGuard(CancellationToken cancellationToken)
    {
        var guard = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        guard.CancelAfter(s_stallTimeout);
        return guard;
    }
}
