using System.Globalization;
using Ambient.Testing;
using Confluent.Kafka;

namespace Ambient.Broker.Tests;

public sealed class ClientFeatureTests(KafkaFixture kafka)
{
    [Theory]
    [InlineData(CompressionType.Gzip)]
    [InlineData(CompressionType.Snappy)]
    [InlineData(CompressionType.Lz4)]
    [InlineData(CompressionType.Zstd)]
    public async Task Produce_CompressedBatches_ConsumedIntactAndStoredCompressed(CompressionType compression)
    {
        var topic = await kafka.CreateTopicAsync($"codec-{compression}".ToLowerInvariant());
        var config = kafka.ProducerConfig();
        config.CompressionType = compression;
        config.LingerMs = 50;
        var values = Enumerable.Range(0, 500).Select(i => $"{compression} record {i} " + new string('x', i % 97)).ToList();
        using (var producer = new ProducerBuilder<Null, string>(config).Build())
        {
            foreach (var value in values)
            {
                producer.Produce(topic, new Message<Null, string> { Value = value, Headers = [new Header("n", [1, 2, 3])] });
            }

            producer.Flush(TestContext.Current.CancellationToken);
        }

        var consumed = ConsumeAll<Null, string>(topic, values.Count);

        Assert.Equal(values, consumed.Select(r => r.Message.Value));
        Assert.All(consumed, r => Assert.Equal([1, 2, 3], r.Message.Headers.GetLastBytes("n")));
        if (kafka.Embedded is not null)
        {
            var segment = Directory.GetFiles(Path.Combine(kafka.Embedded.DataDirectory, "topics", topic, "0"), "*.log").Single();
            var attributes = File.ReadAllBytes(segment)[22];
            Assert.Equal((int)compression, attributes & 0x07);
        }
    }

    [Fact]
    public async Task Produce_ManyPartitions_EveryRecordLandsWhereTheKeyHashes()
    {
        var topic = await kafka.CreateTopicAsync("wide", partitions: 64);
        var delivered = new System.Collections.Concurrent.ConcurrentQueue<DeliveryResult<string, string>>();
        using (var producer = new ProducerBuilder<string, string>(kafka.ProducerConfig()).Build())
        {
            for (var i = 0; i < 2000; i++)
            {
                producer.Produce(topic, new Message<string, string> { Key = $"entity-{i % 400}", Value = $"{i}" }, delivered.Enqueue);
            }

            producer.Flush(TestContext.Current.CancellationToken);
        }

        var consumed = ConsumeAll<string, string>(topic, 2000, subscribe: true);

        Assert.Equal(64, delivered.Select(d => d.Partition.Value).Distinct().Count());
        Assert.Equal(
            delivered.Select(d => (d.Partition.Value, d.Offset.Value, d.Message.Value)).Order(),
            consumed.Select(c => (c.Partition.Value, c.Offset.Value, c.Message.Value)).Order());
        Assert.All(consumed.GroupBy(c => c.Message.Key), g => Assert.Single(g.Select(c => c.Partition.Value).Distinct()));
    }

    [Fact]
    public async Task OffsetsForTimes_FindsFirstRecordAtOrAfterTimestamp()
    {
        // Timestamps months in the past would be removed by the default 7-day retention, as on any Kafka.
        var topic = await kafka.CreateTopicAsync("times", configs: new() { ["retention.ms"] = "-1" });
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        using (var producer = new ProducerBuilder<Null, string>(kafka.ProducerConfig()).Build())
        {
            for (var i = 0; i < 10; i++)
            {
                await producer.ProduceAsync(topic, new Message<Null, string>
                {
                    Value = i.ToString(CultureInfo.InvariantCulture),
                    Timestamp = new Timestamp(start.AddMinutes(i * 10)),
                }, TestContext.Current.CancellationToken);
            }
        }

        using var consumer = new ConsumerBuilder<Ignore, string>(kafka.ConsumerConfig(KafkaFixture.UniqueName("times"))).Build();
        long OffsetAt(DateTime time) =>
            consumer.OffsetsForTimes([new TopicPartitionTimestamp(topic, 0, new Timestamp(time))], TimeSpan.FromSeconds(10)).Single().Offset.Value;

        Assert.Equal(0, OffsetAt(start.AddDays(-1)));
        Assert.Equal(3, OffsetAt(start.AddMinutes(25)));
        Assert.Equal(3, OffsetAt(start.AddMinutes(30)));
        Assert.Equal(9, OffsetAt(start.AddMinutes(90)));
        Assert.Equal(Offset.End.Value, OffsetAt(start.AddDays(1)));
    }

    [Fact]
    public async Task Consumer_GroupProtocolConsumer_FailsWithClearError()
    {
        kafka.RequireEmbedded("a real Kafka 4 broker supports KIP-848");
        var topic = await kafka.CreateTopicAsync("kip848");
        var config = kafka.ConsumerConfig(KafkaFixture.UniqueName("kip848"));
        config.GroupProtocol = GroupProtocol.Consumer;
        config.SessionTimeoutMs = null;
        config.HeartbeatIntervalMs = null;
        Error? fatal = null;
        using var consumer = new ConsumerBuilder<Ignore, string>(config).SetErrorHandler((_, e) => fatal ??= e.IsFatal ? e : null).Build();
        consumer.Subscribe(topic);

        var thrown = Record.Exception(() => Eventually.UntilAsync(() =>
        {
            consumer.Consume(TimeSpan.FromMilliseconds(100));
            return fatal is not null;
        }, TestContext.Current.CancellationToken).GetAwaiter().GetResult());

        var error = fatal ?? (thrown as ConsumeException)?.Error;
        Assert.NotNull(error);
        Assert.True(error.IsFatal);
        Assert.Equal(ErrorCode.UnsupportedVersion, error.Code);
        Assert.Contains("ConsumerGroupHeartbeat", error.Reason, StringComparison.Ordinal);
    }

    private List<ConsumeResult<TKey, TValue>> ConsumeAll<TKey, TValue>(string topic, int count, bool subscribe = false)
    {
        using var consumer = new ConsumerBuilder<TKey, TValue>(kafka.ConsumerConfig(KafkaFixture.UniqueName("all"))).Build();
        if (subscribe)
        {
            consumer.Subscribe(topic);
        }
        else
        {
            consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        }

        var results = new List<ConsumeResult<TKey, TValue>>();
        while (results.Count < count)
        {
            results.Add(consumer.Consume(TimeSpan.FromSeconds(30)) ?? throw new TimeoutException($"Only {results.Count} of {count} records arrived."));
        }

        return results;
    }
}
