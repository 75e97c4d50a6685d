using Ambient.Testing;
using Confluent.Kafka;

namespace Ambient.Worker.Tests;

/// <summary>Reads what the worker wrote: every record of a topic, all partitions, from the beginning.</summary>
internal static class TopicReader
{
    /// <summary>Waits until <paramref name="count"/> records are on <paramref name="topic"/> and returns them.</summary>
    public static async Task<List<ConsumeResult<string?, byte[]>>> ReadAsync(KafkaFixture kafka, string topic, int count, CancellationToken cancellation)
    {
        using var consumer = new ConsumerBuilder<string?, byte[]>(kafka.ConsumerConfig(KafkaFixture.UniqueName("reader"))).Build();
        using var admin = kafka.AdminClient();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions
            .Select(p => new TopicPartitionOffset(topic, p.PartitionId, Offset.Beginning)).ToList();
        consumer.Assign(partitions);
        var records = new List<ConsumeResult<string?, byte[]>>();
        await Eventually.UntilAsync(() =>
        {
            while (consumer.Consume(TimeSpan.FromMilliseconds(50)) is { } record)
            {
                records.Add(record);
            }

            return records.Count >= count;
        }, cancellation);
        return records;
    }

    /// <summary>Reads a topic's records until <paramref name="done"/> accepts what was read so far, and returns them.</summary>
    public static async Task<List<ConsumeResult<string?, byte[]>>> ReadUntilAsync(KafkaFixture kafka, string topic, Func<List<ConsumeResult<string?, byte[]>>, bool> done,
        CancellationToken cancellation)
    {
        using var consumer = new ConsumerBuilder<string?, byte[]>(kafka.ConsumerConfig(KafkaFixture.UniqueName("reader"))).Build();
        using var admin = kafka.AdminClient();
        consumer.Assign(admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions
            .Select(p => new TopicPartitionOffset(topic, p.PartitionId, Offset.Beginning)));
        var records = new List<ConsumeResult<string?, byte[]>>();
        await Eventually.UntilAsync(() =>
        {
            while (consumer.Consume(TimeSpan.FromMilliseconds(50)) is { } record)
            {
                records.Add(record);
            }

            return done(records);
        }, cancellation);
        return records;
    }

    /// <summary>Confirms nothing more arrives for a moment (no duplicates, no stray records).</summary>
    public static int CountAfterQuiet(KafkaFixture kafka, string topic)
    {
        using var consumer = new ConsumerBuilder<string?, byte[]>(kafka.ConsumerConfig(KafkaFixture.UniqueName("count"))).Build();
        using var admin = kafka.AdminClient();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions;
        return (int)partitions.Sum(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p.PartitionId), TimeSpan.FromSeconds(10)).High.Value);
    }
}
