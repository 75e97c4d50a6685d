using System.Diagnostics;
using Ambient.Bench.Measurements;
using Confluent.Kafka;

namespace Ambient.Bench.Workloads;

/// <summary>
/// The blocking Confluent.Kafka consumer loops of the Kafka workload, each run on its own thread:
/// a fresh consumer group, <c>auto.offset.reset=earliest</c> and otherwise librdkafka's defaults
/// (auto-commit every 5 s, fetch.wait.max.ms 500, prefetch up to queued.min.messages).
/// </summary>
internal static class KafkaConsumerLoop
{
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(100);

    /// <summary>Reads <paramref name="records"/> records, then commits synchronously.</summary>
    public static ConsumeResult ConsumeAll(string bootstrapServers, string topic, int records, TimeSpan stallTimeout, CancellationToken cancellationToken)
    {
        using var consumer = Build(bootstrapServers, topic, onAssigned: null);
        var subscribedAt = Stopwatch.GetTimestamp();
        consumer.Subscribe(topic);
        long firstAt = 0, lastProgress = subscribedAt, bytes = 0;
        var count = 0;
        while (count < records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = consumer.Consume(s_poll);
            if (result?.Message is null)
            {
                ThrowIfStalled(lastProgress, stallTimeout, $"consumer of {topic} received {count} of {records} records");
                continue;
            }

            if (count == 0)
            {
                firstAt = Stopwatch.GetTimestamp();
            }

            count++;
            bytes += result.Message.Value.Length;
            lastProgress = Stopwatch.GetTimestamp();
        }

        consumer.Commit();
        var done = Stopwatch.GetTimestamp();
        consumer.Close();
        var throughput = new ThroughputResult(count, bytes, Stopwatch.GetElapsedTime(firstAt, done));
        return new ConsumeResult(throughput, Stopwatch.GetElapsedTime(subscribedAt, firstAt));
    }

    /// <summary>
    /// Feeds every record to <paramref name="recorder"/> until the producer has finished and all it sent
    /// arrived (<paramref name="sentTotal"/> is -1 while the producer is still sending).
    /// <paramref name="ready"/> completes once the group has assigned the partition.
    /// </summary>
    public static void Receive(string bootstrapServers, string topic, LatencyRecorder recorder, TaskCompletionSource ready, Func<long> sentTotal,
        TimeSpan stallTimeout, CancellationToken cancellationToken)
    {
        using var consumer = Build(bootstrapServers, topic, onAssigned: () => ready.TrySetResult());
        consumer.Subscribe(topic);
        var lastProgress = Stopwatch.GetTimestamp();
        while (sentTotal() is var total && (total < 0 || recorder.Received < total))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = consumer.Consume(s_poll);
            if (result?.Message is null)
            {
                ThrowIfStalled(lastProgress, stallTimeout, $"latency consumer of {topic} received {recorder.Received} records");
                continue;
            }

            recorder.Record(result.Message.Value, Stopwatch.GetTimestamp());
            lastProgress = Stopwatch.GetTimestamp();
        }

        consumer.Close();
    }

    private static IConsumer<Ignore, byte[]> Build(string bootstrapServers, string topic, Action? onAssigned)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"{topic}-group",
            AutoOffsetReset = AutoOffsetReset.Earliest,
        };
        return new ConsumerBuilder<Ignore, byte[]>(config)
            .SetPartitionsAssignedHandler((_, _) => onAssigned?.Invoke())
            .Build();
    }

    private static void ThrowIfStalled(long lastProgress, TimeSpan stallTimeout, string what)
    {
        if (Stopwatch.GetElapsedTime(lastProgress) > stallTimeout)
        {
            throw new TimeoutException($"No progress for {stallTimeout.TotalSeconds:0} s: {what}.");
        }
    }
}
