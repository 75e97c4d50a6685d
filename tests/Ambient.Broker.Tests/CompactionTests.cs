using Ambient.Testing;
using Confluent.Kafka;

namespace Ambient.Broker.Tests;

public sealed class CompactionTests(KafkaFixture kafka)
{
    // Tombstones kept for a day: the compacted log is observed with them still in it. Observing them with a short
    // retention would race the cleaner, which removes them delete.retention.ms after it first cleans them.
    [Theory]
    [InlineData(CompressionType.None)]
    [InlineData(CompressionType.Zstd)]
    public async Task Compaction_ThousandUpdatesOverTenKeys_LatestValuesKeptAtOriginalOffsets(CompressionType compression)
    {
        var cancellation = TestContext.Current.CancellationToken;
        var (topic, expected, marker) = await ProduceThousandUpdatesAsync(compression, deleteRetentionMs: 86_400_000, cancellation);

        var compacted = await Eventually.ReadAsync(() => ReadAll(topic), log => log.Count(r => r.Key != "marker") <= 10, cancellation);
        Assert.Equal(expected, compacted.Where(r => r.Key != "marker").Select(r => (r.Key, r.Offset, r.Value)).ToList());
        Assert.Equal(marker, compacted.Single(r => r.Key == "marker").Offset);
        Assert.Equal(2, compacted.Count(r => r.Value is null));
    }

    [Theory]
    [InlineData(CompressionType.None)]
    [InlineData(CompressionType.Zstd)]
    public async Task Compaction_TombstonesPastDeleteRetention_RemovedAndOffsetsKept(CompressionType compression)
    {
        var cancellation = TestContext.Current.CancellationToken;
        var (topic, expected, marker) = await ProduceThousandUpdatesAsync(compression, deleteRetentionMs: 1000, cancellation);

        var afterRetention = await Eventually.ReadAsync(
            () => ReadAll(topic), log => log.Count(r => r.Key != "marker") <= 8 && log.All(r => r.Value is not null), cancellation);
        var live = expected.Where(e => e.Value is not null).Append(("marker", marker, "roll"));
        Assert.Equal(live, afterRetention.Select(r => (r.Key, r.Offset, r.Value)));
        Assert.Equal(marker + 1, QueryEnd(topic));
    }

    /// <summary>
    /// Writes 1000 updates over keys k0-k9 (k8 and k9 end in tombstones) in segments that roll every 100 ms, then
    /// a marker that rolls the last of them. Returns the latest record per key as the broker acknowledged it.
    /// </summary>
    private async Task<(string Topic, List<(string Key, long Offset, string? Value)> Latest, long Marker)> ProduceThousandUpdatesAsync(
        CompressionType compression, long deleteRetentionMs, CancellationToken cancellation)
    {
        var topic = await kafka.CreateTopicAsync("compact", configs: new()
        {
            ["cleanup.policy"] = "compact",
            ["segment.ms"] = "100",
            ["min.cleanable.dirty.ratio"] = "0.01",
            ["delete.retention.ms"] = $"{deleteRetentionMs}",
        });
        var config = kafka.ProducerConfig();
        config.CompressionType = compression;
        using var producer = new ProducerBuilder<string, string?>(config).Build();
        var offsets = new Dictionary<string, (long Offset, string? Value)>();
        for (var i = 0; i < 1000; i++)
        {
            var key = $"k{i % 10}";
            var value = i >= 980 && key is "k8" or "k9" ? null : $"{i}";
            producer.Produce(topic, new Message<string, string?> { Key = key, Value = value }, report =>
            {
                lock (offsets)
                {
                    if (!offsets.TryGetValue(key, out var known) || known.Offset < report.Offset.Value)
                    {
                        offsets[key] = (report.Offset.Value, value);
                    }
                }
            });
            if (i % 100 == 99)
            {
                producer.Flush(cancellation);
                await Task.Delay(120, cancellation); // let segments roll so most of the log becomes cleanable
            }
        }

        await Task.Delay(150, cancellation);
        var marker = await producer.ProduceAsync(topic, new Message<string, string?> { Key = "marker", Value = "roll" }, cancellation);
        var latest = offsets.Select(o => (o.Key, o.Value.Offset, o.Value.Value)).OrderBy(o => o.Offset).ToList();
        return (topic, latest, marker.Offset.Value);
    }

    private List<(string Key, long Offset, string? Value)> ReadAll(string topic)
    {
        var end = QueryEnd(topic);
        using var consumer = new ConsumerBuilder<string, string?>(kafka.ConsumerConfig(KafkaFixture.UniqueName("reader"))).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var records = new List<(string, long, string?)>();
        while (true)
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(10)) ?? throw new TimeoutException($"Log of {topic} stopped before its end offset {end}.");
            records.Add((result.Message.Key, result.Offset.Value, result.Message.Value));
            if (result.Offset.Value == end - 1)
            {
                return records;
            }
        }
    }

    private long QueryEnd(string topic)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(kafka.ConsumerConfig(KafkaFixture.UniqueName("watermarks"))).Build();
        return consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(10)).High.Value;
    }
}
