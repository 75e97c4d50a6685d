using Ambient.Abstractions.Checkpoints;
using Ambient.Testing;
using Confluent.Kafka;

namespace Ambient.Worker.Tests;

/// <summary>Reads every record of a checkpoints topic as written (before compaction), decoded.</summary>
internal static class CheckpointReader
{
    public static List<(string Key, Checkpoint? Step, RunHead? Head)> ReadAll(KafkaFixture kafka, string topic)
    {
        using var consumer = new ConsumerBuilder<string?, byte[]?>(kafka.ConsumerConfig(KafkaFixture.UniqueName("checkpoints"))).Build();
        using var admin = kafka.AdminClient();
        var records = new List<(string, Checkpoint?, RunHead?)>();
        foreach (var partition in admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions)
        {
            var topicPartition = new TopicPartition(topic, partition.PartitionId);
            var end = consumer.QueryWatermarkOffsets(topicPartition, TimeSpan.FromSeconds(10)).High.Value;
            if (end == 0)
            {
                continue;
            }

            consumer.Assign(new TopicPartitionOffset(topicPartition, Offset.Beginning));
            while (consumer.Consume(TimeSpan.FromSeconds(10)) is { } record)
            {
                var (_, step) = CheckpointKeys.Parse(record.Message.Key!);
                records.Add(record.Message.Value is null
                    ? (record.Message.Key!, null, null)
                    : step is null
                        ? (record.Message.Key!, null, AmbientRecordReader.Head(record.Message.Value))
                        : (record.Message.Key!, AmbientRecordReader.Step(record.Message.Value), null));
                if (record.Offset.Value >= end - 1)
                {
                    break;
                }
            }
        }

        return records;
    }
}
