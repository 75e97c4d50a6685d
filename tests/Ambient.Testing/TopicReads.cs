using System.Diagnostics;
using Confluent.Kafka;

namespace Ambient.Testing;

/// <summary>Reads a topic as an outside observer would: a consumer group of its own, from the earliest offset.</summary>
public static class TopicReads
{
    /// <summary>The first record on <paramref name="topic"/> (that <paramref name="where"/> accepts), waiting up to <see cref="Eventually.Limit"/> for one.</summary>
    public static ConsumeResult<string?, byte[]> First(string bootstrapServers, string topic, Func<Message<string?, byte[]>, bool>? where = null)
    {
        using var consumer = new ConsumerBuilder<string?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "test-reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(topic);
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < Eventually.Limit)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { IsPartitionEOF: false } record && (where is null || where(record.Message)))
            {
                return record;
            }
        }

        throw new TimeoutException($"Nothing{(where is null ? string.Empty : " wanted")} on {topic} within {Eventually.Limit.TotalSeconds} s.");
    }
}
