using Confluent.Kafka;

namespace Ambient.Bench.Runtime;

/// <summary>The average size of the records on a topic (value plus header names and values, keys aside), from a sample read without a group.</summary>
internal static class RecordSizes
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    public static double Average(string bootstrapServers, IReadOnlyList<TopicPartition> partitions, int sample)
    {
        var config = new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "ambient-bench-sizes", EnableAutoCommit = false };
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(config).Build();
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        long bytes = 0;
        var read = 0;
        while (read < sample && consumer.Consume(s_timeout) is { Message: { } message })
        {
            bytes += (message.Value?.Length ?? 0) + (message.Headers?.Sum(h => h.Key.Length + h.GetValueBytes().Length) ?? 0);
            read++;
        }

        consumer.Close();
        return read == 0 ? 0 : (double)bytes / read;
    }
}
