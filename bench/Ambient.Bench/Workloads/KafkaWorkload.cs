using System.Diagnostics;
using Ambient.Bench.Measurements;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Ambient.Bench.Workloads;

/// <summary>
/// The workload over the Kafka protocol with Confluent.Kafka (librdkafka): acks=all and librdkafka's
/// batching defaults (linger.ms 5, batch.size 1 MB), one partition, one producer, one consumer.
/// A <paramref name="lingerMs"/> overrides linger.ms, to tell the client's batching delay from the broker's.
/// </summary>
internal sealed class KafkaWorkload(string bootstrapServers, string name, double? lingerMs = null) : IWorkload
{
    private static readonly TimeSpan s_stallTimeout = TimeSpan.FromSeconds(30);
    private readonly IAdminClient _admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();

    public string Name => name;

    public async Task<ThroughputResult> ProduceAsync(string stream, BenchOptions options, CancellationToken cancellationToken)
    {
        await CreateTopicAsync(stream);
        using var producer = BuildProducer(stream);
        var payload = Payloads.Random(options.RecordSize);
        return await Task.Run(() => Produce(producer, stream, payload, options, cancellationToken), cancellationToken);
    }

    public Task<ConsumeResult> ConsumeAsync(string stream, BenchOptions options, CancellationToken cancellationToken) =>
        Task.Run(() => KafkaConsumerLoop.ConsumeAll(bootstrapServers, stream, options.Records, s_stallTimeout, cancellationToken), cancellationToken);

    public async Task<LatencyResult> MeasureLatencyAsync(string stream, BenchOptions options, CancellationToken cancellationToken)
    {
        await CreateTopicAsync(stream);
        using var producer = BuildProducer(stream);
        var recorder = new LatencyRecorder(options.LatencyRate * (int)options.LatencyDuration.TotalSeconds);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long sent = -1;
        var consumer = Task.Run(() => KafkaConsumerLoop.Receive(bootstrapServers, stream, recorder, ready, () => Volatile.Read(ref sent), s_stallTimeout, cancellationToken), cancellationToken);
        if (await Task.WhenAny(ready.Task, consumer).WaitAsync(s_stallTimeout, cancellationToken) == consumer)
        {
            await consumer; // failed before the partition was assigned
        }

        var total = await Task.Run(() => SendAtRate(producer, stream, recorder, options, cancellationToken), cancellationToken);
        Volatile.Write(ref sent, total);
        await consumer;
        return recorder.Summarize();
    }

    public async Task DeleteAsync(string stream, CancellationToken cancellationToken) =>
        await _admin.DeleteTopicsAsync([stream]);

    public ValueTask DisposeAsync()
    {
        _admin.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task CreateTopicAsync(string topic) =>
        await _admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 1, ReplicationFactor = 1 }]);

    private IProducer<Null, byte[]> BuildProducer(string topic)
    {
        var producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig { BootstrapServers = bootstrapServers, Acks = Acks.All, LingerMs = lingerMs }).Build();

        // Connect and learn the topic's leader before the clock starts, as the Redis client connects first.
        using var metadata = new DependentAdminClientBuilder(producer.Handle).Build();
        metadata.GetMetadata(topic, s_stallTimeout);
        return producer;
    }

    private static ThroughputResult Produce(IProducer<Null, byte[]> producer, string topic, byte[] payload, BenchOptions options, CancellationToken cancellationToken)
    {
        var failed = 0;
        void OnDelivery(DeliveryReport<Null, byte[]> report)
        {
            if (report.Error.IsError)
            {
                Interlocked.Increment(ref failed);
            }
        }

        var message = new Message<Null, byte[]> { Value = payload };
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < options.Records; i++)
        {
            ProduceWaitingForRoom(producer, topic, message, OnDelivery, cancellationToken);
        }

        producer.Flush(cancellationToken);
        clock.Stop();
        return failed == 0
            ? new ThroughputResult(options.Records, options.PayloadBytes, clock.Elapsed)
            : throw new InvalidOperationException($"{failed} of {options.Records} records were not acknowledged by the broker.");
    }

    private static long SendAtRate(IProducer<Null, byte[]> producer, string topic, LatencyRecorder recorder, BenchOptions options, CancellationToken cancellationToken)
    {
        var pacer = new RatePacer(options.LatencyRate, options.LatencyWarmup, options.LatencyDuration);
        recorder.MeasureFrom = pacer.MeasureFrom;
        var payload = new byte[options.RecordSize];
        var message = new Message<Null, byte[]> { Value = payload };
        long sent = 0;
        for (var due = pacer.Due(); due >= 0; due = pacer.Due())
        {
            for (; sent < due; sent++)
            {
                // librdkafka copies the value, so the same buffer is restamped for the next record.
                LatencyRecorder.Stamp(payload);
                ProduceWaitingForRoom(producer, topic, message, null, cancellationToken);
            }

            RatePacer.Pause();
        }

        producer.Flush(cancellationToken);
        return sent;
    }

    private static void ProduceWaitingForRoom(IProducer<Null, byte[]> producer, string topic, Message<Null, byte[]> message,
        Action<DeliveryReport<Null, byte[]>>? onDelivery, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                producer.Produce(topic, message, onDelivery);
                return;
            }
            catch (ProduceException<Null, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                // The local queue (queue.buffering.max.messages) is full: wait for acknowledgements.
                cancellationToken.ThrowIfCancellationRequested();
                producer.Poll(TimeSpan.FromMilliseconds(10));
            }
        }
    }
}
