using System.Collections.Concurrent;
using System.Text;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Processing;
using Ambient.Kafka.Topics;
using Ambient.Kafka.CloudEvents;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Consumers;
using Ambient.Kafka.Producers;
using Ambient.Testing;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ambient.Kafka.Tests;

/// <summary>The consumer engine with scripted processors: retries, dead letters, commits, per-partition order.</summary>
public sealed class EventConsumerServiceTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Processor_FailsTwiceThenSucceeds_RetriedAndNotDeadLettered()
    {
        var (events, deadLetters) = await TopicsAsync();
        var processor = new ScriptedProcessor(events, failuresBeforeSuccess: 2);
        await PublishAsync(events, 1);

        await using (await RunAsync(processor, deadLetters))
        {
            await Eventually.UntilAsync(() => processor.Completed.Count == 1, Cancellation);
        }

        Assert.Equal(3, processor.Attempts);
        Assert.Equal(0, TopicEnd(deadLetters));
        Assert.Equal(1, Committed(processor, events));
    }

    [Fact]
    public async Task Processor_AlwaysFails_DeadLetteredAfterMaxAttemptsAndCommitted()
    {
        var (events, deadLetters) = await TopicsAsync();
        var processor = new ScriptedProcessor(events, failuresBeforeSuccess: int.MaxValue);
        await PublishAsync(events, 1);

        await using (await RunAsync(processor, deadLetters))
        {
            await Eventually.UntilAsync(() => TopicEnd(deadLetters) == 1, Cancellation);
            await Eventually.UntilAsync(() => Committed(processor, events) == 1, Cancellation);
        }

        using var consumer = new ConsumerBuilder<string?, byte[]>(kafka.ConsumerConfig(KafkaFixture.UniqueName("dlq"))).Build();
        consumer.Assign(new TopicPartitionOffset(deadLetters, 0, Offset.Beginning));
        var letter = consumer.Consume(TimeSpan.FromSeconds(20))!;
        Assert.Equal(3, processor.Attempts);
        Assert.Equal("3", Header(letter, DeadLetters.AttemptsHeader));
        Assert.Equal(typeof(InvalidOperationException).FullName, Header(letter, DeadLetters.ExceptionTypeHeader));
        Assert.Equal("scripted failure 3", Header(letter, DeadLetters.ExceptionMessageHeader));
        Assert.Equal("evt-0", Header(letter, "ce_id"));
    }

    [Fact]
    public async Task Processor_DependencyUnavailablePastMaxAttempts_RetriedUntilItIsBackAndNeverDeadLettered()
    {
        var (events, deadLetters) = await TopicsAsync();
        // Kafka, a topic or the model endpoint down for six attempts: twice what a failing record gets before it is dead-lettered.
        var processor = new ScriptedProcessor(events, failuresBeforeSuccess: 6)
        {
            Failure = attempt => attempt % 2 == 0
                ? new KafkaOperationException($"scripted outage {attempt}")
                : new DependencyUnavailableException($"scripted outage {attempt}", new TimeoutException()),
        };
        await PublishAsync(events, 2);

        await using (await RunAsync(processor, deadLetters))
        {
            // Both are committed either way: processed, or (what must not happen) dead-lettered.
            await Eventually.UntilAsync(() => Committed(processor, events) == 2, Cancellation);
        }

        Assert.Equal(8, processor.Attempts);
        Assert.Equal([0L, 1L], processor.Completed.Select(c => c.Offset));
        Assert.Equal(0, TopicEnd(deadLetters));
    }

    [Fact]
    public async Task Processor_OutputTooLargeForKafka_RecordsOwnFailureDeadLetteredNotRetriedForever()
    {
        var (events, deadLetters) = await TopicsAsync();
        // An action too large for its topic fails the same way every time: it is this record's failure, not an outage.
        var processor = new ScriptedProcessor(events, failuresBeforeSuccess: int.MaxValue)
        {
            Failure = attempt => new KafkaOperationException($"too large {attempt}", ["actions"], false, KafkaFailure.TooLarge, new InvalidOperationException()),
        };
        await PublishAsync(events, 1);

        await using (await RunAsync(processor, deadLetters))
        {
            await Eventually.UntilAsync(() => TopicEnd(deadLetters) == 1 && Committed(processor, events) == 1, Cancellation);
        }

        Assert.Equal(3, processor.Attempts);
    }

    [Fact]
    public async Task Processor_FatalKafkaError_StopsTheProcessLeavesTheRecordUncommittedAndNotDeadLettered()
    {
        var (events, deadLetters) = await TopicsAsync();
        var processor = new ScriptedProcessor(events, failuresBeforeSuccess: int.MaxValue)
        {
            Failure = attempt => new KafkaOperationException($"fatal {attempt}", ["actions"], isFatal: true, new InvalidOperationException()),
        };
        await PublishAsync(events, 1);

        await using (var running = await RunAsync(processor, deadLetters))
        {
            await Eventually.UntilAsync(() => ((Running)running).Stopping.IsCancellationRequested, Cancellation);
        }

        Assert.Equal(1, processor.Attempts);
        Assert.Equal(0, TopicEnd(deadLetters));
        Assert.Equal(0, Committed(processor, events));
        Environment.ExitCode = 0;
    }

    [Fact]
    public async Task ManyEvents_ProcessedInOrderPerPartitionAndAllCommitted()
    {
        var (events, deadLetters) = await TopicsAsync(partitions: 3);
        var processor = new ScriptedProcessor(events, failuresBeforeSuccess: 0) { Concurrency = 3 };
        await PublishAsync(events, 90, keys: 9);

        await using (await RunAsync(processor, deadLetters))
        {
            await Eventually.UntilAsync(() => processor.Completed.Count == 90 && Committed(processor, events) == 90, Cancellation);
        }

        foreach (var partition in processor.Completed.GroupBy(c => c.Partition))
        {
            Assert.Equal(partition.Select(c => c.Offset).Order(), partition.Select(c => c.Offset));
        }
    }

    [Fact]
    public async Task BufferOverItsByteLimit_PausesAndResumes_EveryEventProcessedOnceInOrder()
    {
        var (events, deadLetters) = await TopicsAsync();
        // One run at a time, and the first one held: the records behind it fill the buffer past a few hundred bytes,
        // so the partition is paused (librdkafka drops what it prefetched) and resumed as the buffer drains.
        var processor = new ScriptedProcessor(events, failuresBeforeSuccess: 0) { Concurrency = 1, GatedKey = "key-0" };
        await PublishAsync(events, 120, keys: 120);
        var options = new EventConsumerOptions { MaxQueuedBytesPerPartition = 300, RetryDelay = TimeSpan.FromMilliseconds(10), DrainTimeout = TimeSpan.FromSeconds(5) };

        await using (await RunAsync(processor, deadLetters, consumerOptions: options))
        {
            await Eventually.UntilAsync(() => processor.Started.Contains("evt-0"), Cancellation);
            await Task.Delay(300, Cancellation);
            var startedWhileHeld = processor.Started.Count;
            processor.Gate.SetResult();
            await Eventually.UntilAsync(() => processor.Completed.Count >= 120 && Committed(processor, events) == 120, Cancellation);

            Assert.Equal(1, startedWhileHeld);
        }

        Assert.Equal(Enumerable.Range(0, 120).Select(i => (long)i), processor.Completed.Select(c => c.Offset));
        Assert.Equal(120, processor.Started.Count);
    }

    [Theory]
    [InlineData(OrderingScope.Key)]
    [InlineData(OrderingScope.Partition)]
    public async Task SlowKey_OtherKeysOvertakeOnlyInKeyMode_AndCommitsStopAtTheFirstUnfinished(OrderingScope ordering)
    {
        var (events, deadLetters) = await TopicsAsync();
        var processor = new ScriptedProcessor(events, failuresBeforeSuccess: 0) { Concurrency = 4, GatedKey = "slow" };
        using var producer = new ProducerBuilder<string?, byte[]>(kafka.ProducerConfig()).Build();
        foreach (var (key, i) in new[] { "slow", "a", "b", "slow", "a" }.Select((k, i) => (k, i)))
        {
            var input = new AmbientEvent($"evt-{i}", "/test", "test.happened", null, null, "application/json", Encoding.UTF8.GetBytes("{}"));
            await producer.ProduceAsync(events, CloudEventKafkaBinding.ToBinaryMessage(input, key), Cancellation);
        }

        await using (await RunAsync(processor, deadLetters, ordering))
        {
            await Eventually.UntilAsync(() => processor.Started.Contains("evt-0"), Cancellation);
            if (ordering == OrderingScope.Key)
            {
                await Eventually.UntilAsync(() => processor.Completed.Count == 3, Cancellation);
            }
            else
            {
                await Task.Delay(300, Cancellation);
            }

            var completedWhileGated = processor.Completed.Select(c => c.Offset).Order().ToList();
            var committedWhileGated = Committed(processor, events);
            processor.Gate.SetResult();
            await Eventually.UntilAsync(() => processor.Completed.Count == 5 && Committed(processor, events) == 5, Cancellation);

            Assert.Equal(ordering == OrderingScope.Key ? [1L, 2L, 4L] : [], completedWhileGated);
            Assert.Equal(0, committedWhileGated);
        }

        var slow = processor.Completed.Where(c => c.Offset is 0 or 3).Select(c => c.Offset).ToList();
        Assert.Equal([0L, 3L], slow);
    }

    private async Task<(string Events, string DeadLetters)> TopicsAsync(int partitions = 1) =>
        (await kafka.CreateTopicAsync("consumer-events", partitions), await kafka.CreateTopicAsync("consumer-dlq"));

    private async Task PublishAsync(string topic, int count, int keys = 1)
    {
        using var producer = new ProducerBuilder<string?, byte[]>(kafka.ProducerConfig()).Build();
        for (var i = 0; i < count; i++)
        {
            var input = new AmbientEvent($"evt-{i}", "/test", "test.happened", null, null, "application/json", Encoding.UTF8.GetBytes("{}"));
            await producer.ProduceAsync(topic, CloudEventKafkaBinding.ToBinaryMessage(input, $"key-{i % keys}"), Cancellation);
        }
    }

    private async Task<IAsyncDisposable> RunAsync(ScriptedProcessor processor, string deadLetters, OrderingScope ordering = OrderingScope.Key, EventConsumerOptions? consumerOptions = null)
    {
        var host = TestHosts.Build(kafka);
        var options = new AmbientKafkaOptions { BootstrapServers = kafka.BootstrapServers };
        var service = new EventConsumerService(processor, host.Services.GetRequiredService<KafkaRecordPublisher>(), options,
            new AmbientTopics { DeadLetter = deadLetters },
            consumerOptions ?? new EventConsumerOptions { RetryDelay = TimeSpan.FromMilliseconds(10), DrainTimeout = TimeSpan.FromSeconds(5), Ordering = ordering },
            host.Services.GetRequiredService<IHostApplicationLifetime>(), TimeProvider.System, NullLogger<EventConsumerService>.Instance);
        await service.StartAsync(Cancellation);
        return new Running(service, host);
    }

    private long Committed(ScriptedProcessor processor, string topic)
    {
        using var admin = kafka.AdminClient();
        var offsets = admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(EventConsumerService.GroupIdFor(processor), null)])
            .GetAwaiter().GetResult().Single().Partitions;
        return offsets.Where(o => o.Topic == topic && o.Offset.Value >= 0).Sum(o => o.Offset.Value);
    }

    private long TopicEnd(string topic)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(kafka.ConsumerConfig(KafkaFixture.UniqueName("end"))).Build();
        return consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(10)).High.Value;
    }

    private static string? Header(ConsumeResult<string?, byte[]> record, string name) =>
        record.Message.Headers.TryGetLastBytes(name, out var value) ? Encoding.UTF8.GetString(value) : null;

    private sealed class ScriptedProcessor(string topic, int failuresBeforeSuccess) : IEventProcessor
    {
        private int _attempts;

        public string Name { get; } = KafkaFixture.UniqueName("scripted");

        public IReadOnlyList<string> Topics => [topic];

        public int MaxConcurrency => Concurrency;

        public int Concurrency { get; init; } = 1;

        public int Attempts => Volatile.Read(ref _attempts);

        public ConcurrentQueue<EventCoordinates> Completed { get; } = new();

        public ConcurrentBag<string> Started { get; } = [];

        /// <summary>What a failed attempt throws: a processing error by default.</summary>
        public Func<int, Exception> Failure { get; init; } = attempt => new InvalidOperationException($"scripted failure {attempt}");

        /// <summary>Events with this key wait for <see cref="Gate"/> before they complete.</summary>
        public string? GatedKey { get; init; }

        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<ProcessingResult> ProcessAsync(AmbientEvent input, EventCoordinates at, CancellationToken cancellationToken)
        {
            Started.Add(input.Id);
            var attempt = Interlocked.Increment(ref _attempts);
            if (attempt <= failuresBeforeSuccess)
            {
                throw Failure(attempt);
            }

            if (input.PartitionKey == GatedKey)
            {
                await Gate.Task.WaitAsync(cancellationToken);
            }

            Completed.Enqueue(at);
            return ProcessingResult.Completed;
        }
    }

    private sealed class Running(EventConsumerService service, IHost host) : IAsyncDisposable
    {
        /// <summary>Cancelled once the service asked the host to stop.</summary>
        public CancellationToken Stopping => host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;

        public async ValueTask DisposeAsync()
        {
            await service.StopAsync(CancellationToken.None);
            service.Dispose();
            host.Dispose();
        }
    }
}
