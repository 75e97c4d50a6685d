using Ambient.Testing;
using Confluent.Kafka;

namespace Ambient.Broker.Tests;

public sealed class CompactionTests(KafkaFixture kafka)
{
    [Theory]
    [InlineData(CompressionType.None)]
    [InlineData(CompressionType.Zstd)]
    public async Task Compaction_ThousandUpdatesOverTenKeys_LatestValuesKeptAtOriginalOffsets(CompressionType compression)
    {
        var cancellation = TestContext.Current.CancellationToken;
        var topic = await kafka.CreateTopicAsync("compact", configs: new()
        {
            ["cleanup.policy"] = "compact",
            ["segment.ms"] = "100",
            ["min.cleanable.dirty.ratio"] = "0.01",
            ["delete.retention.ms"] = "1000",
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

        var compacted = await Eventually.ReadAsync(() => ReadAll(topic), log => log.Count(r => r.Key != "marker") <= 10, cancellation);
        var expected = offsets.Select(o => (o.Key, o.Value.Offset, o.Value.Value)).OrderBy(o => o.Offset).ToList();
        Assert.Equal(expected, compacted.Where(r => r.Key != "marker").Select(r => (r.Key, r.Offset, r.Value)).ToList());
        Assert.Equal(marker.Offset.Value, compacted.Single(r => r.Key == "marker").Offset);

        var afterRetention = await Eventually.ReadAsync(() => ReadAll(topic), log => log.All(r => r.Value is not null), cancellation);
        Assert.Equal(expected.Where(e => e.Value is not null).Select(e => e.Key).Append("marker"), afterRetention.Select(r => r.Key));
        Assert.Equal(marker.Offset.Value + 1, QueryEnd(topic));
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
