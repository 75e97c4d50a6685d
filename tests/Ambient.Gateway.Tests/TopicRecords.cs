using System.Text;
using Ambient.Testing;
using Confluent.Kafka;

namespace Ambient.Gateway.Tests;

/// <summary>Reads what is really in a topic, with the plain Confluent.Kafka client.</summary>
internal static class TopicRecords
{
    /// <summary>Every record of a partition (a one-partition topic's only one by default), from the beginning to its end now.</summary>
    public static List<ConsumeResult<string?, byte[]>> ReadAll(string bootstrapServers, string topic, int partition = 0)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = KafkaFixture.UniqueName("reader"),
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        };
        using var consumer = new ConsumerBuilder<string?, byte[]>(config).Build();
        consumer.Assign(new TopicPartitionOffset(topic, partition, Offset.Beginning));
        var records = new List<ConsumeResult<string?, byte[]>>();
        while (true)
        {
            var record = consumer.Consume(TimeSpan.FromSeconds(30)) ?? throw new TimeoutException($"No record or end of {topic} within 30 s.");
            if (record.IsPartitionEOF)
            {
                return records;
            }

            records.Add(record);
        }
    }

    public static string Header(ConsumeResult<string?, byte[]> record, string name) =>
        record.Message.Headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : throw new KeyNotFoundException($"No header {name}.");

    public static string? OptionalHeader(ConsumeResult<string?, byte[]> record, string name) =>
        record.Message.Headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
}
