using Ambient.Testing;
using Confluent.Kafka;

namespace Ambient.Broker.Tests;

/// <summary>What survives a broker restart, and what a crash leaves behind. Embedded broker only: these stop it.</summary>
public sealed class DurabilityTests(KafkaFixture kafka)
{
    [Fact]
    public async Task Restart_IdempotentProducerRecords_AllConsumedAfterRestart()
    {
        kafka.RequireEmbedded("it stops and restarts the broker");
        var dataDirectory = TestDirectories.Create("restart");
        const string Topic = "durable";
        var broker = await EmbeddedBrokers.StartAsync(dataDirectory);
        var port = broker.Endpoint.Port;
        await ProduceAsync(broker.BootstrapServers, Topic, 0, 500);
        await broker.StopAsync();

        await using var restarted = await EmbeddedBrokers.StartAsync(dataDirectory, port);
        await ProduceAsync(restarted.BootstrapServers, Topic, 500, 500);
        var values = Consume(restarted.BootstrapServers, Topic, 1000);

        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"v{i}"), values);
    }

    [Fact]
    public async Task Restart_CommittedOffsets_Survive()
    {
        kafka.RequireEmbedded("it stops and restarts the broker");
        var dataDirectory = TestDirectories.Create("restart-offsets");
        var broker = await EmbeddedBrokers.StartAsync(dataDirectory);
        var port = broker.Endpoint.Port;
        await ProduceAsync(broker.BootstrapServers, "offsets", 0, 10);
        using (var consumer = new ConsumerBuilder<Ignore, string>(ConsumerConfig(broker.BootstrapServers, "g1")).Build())
        {
            consumer.Commit([new TopicPartitionOffset("offsets", 0, 7)]);
        }

        await broker.StopAsync();
        await using var restarted = await EmbeddedBrokers.StartAsync(dataDirectory, port);
        using var again = new ConsumerBuilder<Ignore, string>(ConsumerConfig(restarted.BootstrapServers, "g1")).Build();
        var committed = again.Committed([new TopicPartition("offsets", 0)], TimeSpan.FromSeconds(10));

        Assert.Equal(7, committed.Single().Offset.Value);
    }

    [Fact]
    public async Task Restart_TornTail_TruncatedAndNeverServed()
    {
        kafka.RequireEmbedded("it writes garbage into the broker's log files");
        var dataDirectory = TestDirectories.Create("torn");
        var broker = await EmbeddedBrokers.StartAsync(dataDirectory);
        var port = broker.Endpoint.Port;
        await ProduceAsync(broker.BootstrapServers, "torn", 0, 100);
        await broker.StopAsync();

        var segment = Directory.GetFiles(Path.Combine(dataDirectory, "topics", "torn", "0"), "*.log").Single();
        var intact = new FileInfo(segment).Length;
        var lastBatch = File.ReadAllBytes(segment)[^40..];
        await File.AppendAllBytesAsync(segment, lastBatch.Concat(new byte[] { 0, 0, 0, 0, 0, 0, 0, 99, 0, 0, 0x10, 0 }).ToArray(), TestContext.Current.CancellationToken);

        await using var restarted = await EmbeddedBrokers.StartAsync(dataDirectory, port);
        Assert.Equal(intact, new FileInfo(segment).Length);
        await ProduceAsync(restarted.BootstrapServers, "torn", 100, 10);
        var values = Consume(restarted.BootstrapServers, "torn", 110);

        Assert.Equal(Enumerable.Range(0, 110).Select(i => $"v{i}"), values);
    }

    [Fact]
    public async Task Restart_CorruptBatchInActiveSegment_TruncatedFromThere()
    {
        kafka.RequireEmbedded("it flips bytes in the broker's log files");
        var dataDirectory = TestDirectories.Create("crc");
        var broker = await EmbeddedBrokers.StartAsync(dataDirectory);
        var port = broker.Endpoint.Port;
        await ProduceAsync(broker.BootstrapServers, "crc", 0, 50, flushEach: true);
        await ProduceAsync(broker.BootstrapServers, "crc", 50, 50, flushEach: true);
        await broker.StopAsync();

        var segment = Directory.GetFiles(Path.Combine(dataDirectory, "topics", "crc", "0"), "*.log").Single();
        var bytes = await File.ReadAllBytesAsync(segment, TestContext.Current.CancellationToken);
        bytes[^5] ^= 0xFF; // inside the last batch: its CRC no longer matches
        await File.WriteAllBytesAsync(segment, bytes, TestContext.Current.CancellationToken);

        await using var restarted = await EmbeddedBrokers.StartAsync(dataDirectory, port);
        using var consumer = new ConsumerBuilder<Ignore, string>(ConsumerConfig(restarted.BootstrapServers, KafkaFixture.UniqueName("crc"))).Build();
        var end = consumer.QueryWatermarkOffsets(new TopicPartition("crc", 0), TimeSpan.FromSeconds(10)).High.Value;

        Assert.InRange(end, 50, 99);
        Assert.Equal(Enumerable.Range(0, (int)end).Select(i => $"v{i}"), Consume(restarted.BootstrapServers, "crc", (int)end));
    }

    [Fact]
    public async Task Restart_CrashBeforeRolledSegmentReachedDisk_LogCutAtTheTornSegment()
    {
        kafka.RequireEmbedded("it damages the broker's files as a crash would");
        var dataDirectory = TestDirectories.Create("torn-sealed");
        var broker = await EmbeddedBrokers.StartAsync(dataDirectory);
        var port = broker.Endpoint.Port;
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build())
        {
            await admin.CreateTopicsAsync([new Confluent.Kafka.Admin.TopicSpecification
            {
                Name = "sealed", NumPartitions = 1, ReplicationFactor = 1, Configs = new() { ["segment.ms"] = "1" },
            }]);
        }

        for (var i = 0; i < 6; i++)
        {
            await ProduceAsync(broker.BootstrapServers, "sealed", i * 10, 10, flushEach: true);
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }

        await broker.StopAsync();
        var partition = Path.Combine(dataDirectory, "topics", "sealed", "0");
        var segments = Directory.GetFiles(partition, "*.log").Order().ToList();
        Assert.True(segments.Count >= 4, $"expected several rolled segments, got {segments.Count}");
        var torn = segments[2];
        var tornBase = long.Parse(Path.GetFileNameWithoutExtension(torn), System.Globalization.CultureInfo.InvariantCulture);
        var bytes = await File.ReadAllBytesAsync(torn, TestContext.Current.CancellationToken);
        bytes[^3] ^= 0xFF;
        await File.WriteAllBytesAsync(torn, bytes, TestContext.Current.CancellationToken);
        File.Delete(Path.Combine(partition, "recovery-point")); // as if the background flush never finished

        await using var restarted = await EmbeddedBrokers.StartAsync(dataDirectory, port);
        var remaining = Directory.GetFiles(partition, "*.log").Order().ToList();
        using var consumer = new ConsumerBuilder<Ignore, string>(ConsumerConfig(restarted.BootstrapServers, KafkaFixture.UniqueName("sealed"))).Build();
        var end = consumer.QueryWatermarkOffsets(new TopicPartition("sealed", 0), TimeSpan.FromSeconds(10)).High.Value;

        Assert.Equal(segments.Take(3), remaining);
        Assert.InRange(end, tornBase, tornBase + 9);
        Assert.Equal(Enumerable.Range(0, (int)end).Select(i => $"v{i}"), Consume(restarted.BootstrapServers, "sealed", (int)end));
    }

    internal static async Task ProduceAsync(string bootstrap, string topic, int from, int count, bool flushEach = false)
    {
        var config = new ProducerConfig { BootstrapServers = bootstrap, EnableIdempotence = true, Acks = Acks.All };
        using var producer = new ProducerBuilder<string, string>(config).Build();
        for (var i = from; i < from + count; i++)
        {
            if (flushEach)
            {
                await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = $"v{i}" });
            }
            else
            {
                producer.Produce(topic, new Message<string, string> { Key = "k", Value = $"v{i}" });
            }
        }

        producer.Flush(TimeSpan.FromSeconds(30));
    }

    internal static List<string> Consume(string bootstrap, string topic, int count)
    {
        using var consumer = new ConsumerBuilder<Ignore, string>(ConsumerConfig(bootstrap, KafkaFixture.UniqueName("reader"))).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var values = new List<string>();
        while (values.Count < count)
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(20)) ?? throw new TimeoutException($"Only {values.Count} of {count} records arrived.");
            values.Add(result.Message.Value);
        }

        Assert.Null(consumer.Consume(TimeSpan.FromMilliseconds(300)));
        return values;
    }

    private static ConsumerConfig ConsumerConfig(string bootstrap, string group) => new()
    {
        BootstrapServers = bootstrap,
        GroupId = group,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        EnableAutoCommit = false,
    };
}
