using System.Diagnostics;
using System.Text;
using Ambient.Testing;
using Confluent.Kafka;

namespace Ambient.Deployment.Tests;

/// <summary>What the executor wrote, read as an outside observer: its ledger entries and its outcome events.</summary>
internal static class ExecutorRecords
{
    /// <summary>
    /// The first record of <paramref name="topic"/> whose value contains <paramref name="text"/>, waiting up to
    /// <see cref="Eventually.Limit"/>; <paramref name="config"/> brings the credentials (its group and offsets are set here).
    /// </summary>
    public static ConsumeResult<string?, byte[]> FirstContaining(ConsumerConfig config, string topic, string text)
    {
        config.GroupId = "test-reader-" + Guid.NewGuid().ToString("N");
        config.AutoOffsetReset = AutoOffsetReset.Earliest;
        config.EnableAutoCommit = false;
        using var consumer = new ConsumerBuilder<string?, byte[]>(config).Build();
        consumer.Subscribe(topic);
        var waited = Stopwatch.StartNew();
        var seen = new List<string>();
        while (waited.Elapsed < Eventually.Limit)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { IsPartitionEOF: false, Message.Value: { } value } record)
            {
                var decoded = Encoding.UTF8.GetString(value);
                if (decoded.Contains(text, StringComparison.Ordinal))
                {
                    return record;
                }

                seen.Add(decoded);
            }
        }

        throw new TimeoutException($"No record containing {text} on {topic} within {Eventually.Limit.TotalSeconds} s; saw:\n{string.Join('\n', seen)}");
    }
}
