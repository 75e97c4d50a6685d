using System.Diagnostics;
using Ambient.Bench.Measurements;
using StackExchange.Redis;

namespace Ambient.Bench.Workloads;

/// <summary>
/// The workload on Redis Streams with StackExchange.Redis: XADD pipelined with at most
/// <see cref="BenchOptions.RedisWindow"/> calls in flight (the analogue of the Kafka client's
/// batching), XREADGROUP COUNT n with one XACK per batch, one stream, one producer, one consumer.
/// </summary>
internal sealed class RedisWorkload : IWorkload
{
    private const string Field = "payload";
    private static readonly TimeSpan s_stallTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_block = TimeSpan.FromMilliseconds(500); // as librdkafka's fetch.wait.max.ms
    private readonly ConfigurationOptions _configuration;
    private readonly ConnectionMultiplexer _producer;

    private RedisWorkload(ConfigurationOptions configuration, ConnectionMultiplexer producer)
    {
        _configuration = configuration;
        _producer = producer;
    }

    public string Name => "Redis Streams";

    public static async Task<RedisWorkload> ConnectAsync(string endpoint)
    {
        var configuration = new ConfigurationOptions { EndPoints = { endpoint }, Protocol = RedisProtocol.Resp2, AllowAdmin = true };
        return new RedisWorkload(configuration, await ConnectionMultiplexer.ConnectAsync(configuration));
    }

    /// <summary>The server's version, from INFO.</summary>
    public async Task<string> ServerVersionAsync() =>
        (await _producer.GetServers()[0].InfoAsync("server")).SelectMany(g => g).FirstOrDefault(p => p.Key == "redis_version").Value ?? "unknown";

    public async Task<ThroughputResult> ProduceAsync(string stream, BenchOptions options, CancellationToken cancellationToken)
    {
        var db = _producer.GetDatabase();
        var payload = Payloads.Random(options.RecordSize);
        var inFlight = new Queue<Task>(options.RedisWindow);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < options.Records; i++)
        {
            if (inFlight.Count == options.RedisWindow)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await inFlight.Dequeue();
            }

            inFlight.Enqueue(db.StreamAddAsync(stream, Field, payload));
        }

        await Task.WhenAll(inFlight);
        clock.Stop();
        return new ThroughputResult(options.Records, options.PayloadBytes, clock.Elapsed);
    }

    public async Task<ConsumeResult> ConsumeAsync(string stream, BenchOptions options, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(_configuration);
        var reader = new RedisStreamReader(connection, stream, $"{stream}-group", options.RedisReadCount, s_block);
        var subscribedAt = Stopwatch.GetTimestamp();
        await reader.CreateGroupAsync();
        long firstAt = 0, lastProgress = subscribedAt, bytes = 0;
        var count = 0;
        while (count < options.Records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = await reader.ReadAsync();
            if (batch.Count == 0)
            {
                ThrowIfStalled(lastProgress, $"consumer of {stream} received {count} of {options.Records} records");
                continue;
            }

            if (count == 0)
            {
                firstAt = Stopwatch.GetTimestamp();
            }

            count += batch.Count;
            bytes += batch.Sum(p => (long)p.Length);
            lastProgress = Stopwatch.GetTimestamp();
        }

        await reader.DrainAcksAsync();
        var done = Stopwatch.GetTimestamp();
        return new ConsumeResult(new ThroughputResult(count, bytes, Stopwatch.GetElapsedTime(firstAt, done)), Stopwatch.GetElapsedTime(subscribedAt, firstAt));
    }

    public async Task<LatencyResult> MeasureLatencyAsync(string stream, BenchOptions options, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(_configuration);
        var reader = new RedisStreamReader(connection, stream, $"{stream}-group", options.RedisReadCount, s_block);
        await reader.CreateGroupAsync();
        var recorder = new LatencyRecorder(options.LatencyRate * (int)options.LatencyDuration.TotalSeconds);
        long sent = -1;
        var consumer = ReceiveAsync(reader, recorder, () => Volatile.Read(ref sent), cancellationToken);

        var total = await Task.Run(() => SendAtRateAsync(stream, recorder, options, cancellationToken), cancellationToken);
        Volatile.Write(ref sent, total);
        await consumer;
        return recorder.Summarize();
    }

    public Task DeleteAsync(string stream, CancellationToken cancellationToken) => _producer.GetDatabase().KeyDeleteAsync(stream);

    public async ValueTask DisposeAsync() => await _producer.DisposeAsync();

    private async Task<long> SendAtRateAsync(string stream, LatencyRecorder recorder, BenchOptions options, CancellationToken cancellationToken)
    {
        var db = _producer.GetDatabase();
        var pacer = new RatePacer(options.LatencyRate, options.LatencyWarmup, options.LatencyDuration);
        recorder.MeasureFrom = pacer.MeasureFrom;
        var pending = new List<Task>();
        long sent = 0;
        for (var due = pacer.Due(); due >= 0; due = pacer.Due())
        {
            for (; sent < due; sent++)
            {
                // The client keeps a reference to the value until it is written, so each record gets its own buffer.
                var payload = new byte[options.RecordSize];
                LatencyRecorder.Stamp(payload);
                pending.Add(db.StreamAddAsync(stream, Field, payload));
            }

            cancellationToken.ThrowIfCancellationRequested();
            RatePacer.Pause();
        }

        await Task.WhenAll(pending);
        return sent;
    }

    private static async Task ReceiveAsync(RedisStreamReader reader, LatencyRecorder recorder, Func<long> sentTotal, CancellationToken cancellationToken)
    {
        var lastProgress = Stopwatch.GetTimestamp();
        while (sentTotal() is var total && (total < 0 || recorder.Received < total))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = await reader.ReadAsync();
            var receivedAt = Stopwatch.GetTimestamp();
            if (batch.Count == 0)
            {
                ThrowIfStalled(lastProgress, $"latency consumer received {recorder.Received} records");
                continue;
            }

            foreach (var payload in batch)
            {
                recorder.Record(payload, receivedAt);
            }

            lastProgress = receivedAt;
        }

        await reader.DrainAcksAsync();
    }

    private static void ThrowIfStalled(long lastProgress, string what)
    {
        if (Stopwatch.GetElapsedTime(lastProgress) > s_stallTimeout)
        {
            throw new TimeoutException($"No progress for {s_stallTimeout.TotalSeconds:0} s: {what}.");
        }
    }
}
