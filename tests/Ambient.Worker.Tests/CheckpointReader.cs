using Ambient.Abstractions.Checkpoints;
using Ambient.Avro.Serialization;
using Ambient.Testing;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;

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

    /// <summary>
    /// Writes a run's records again under <paramref name="runId"/> and tombstones them under the id they had: a run as a
    /// worker from before run ids were the event's identity checkpointed it.
    /// </summary>
    public static async Task RekeyAsync(KafkaFixture kafka, string topic, IReadOnlyList<(Checkpoint? Step, RunHead? Head)> records, string runId)
    {
        var services = AmbientRecordReader.Services;
        using var producer = new ProducerBuilder<string?, byte[]?>(kafka.ProducerConfig()).Build();
        foreach (var (step, head) in records)
        {
            var (partition, oldKey, newKey, value) = step is not null
                ? (step.Input.Partition, CheckpointKeys.Step(step.RunId, step.StepIndex), CheckpointKeys.Step(runId, step.StepIndex),
                    await services.GetRequiredService<AvroRecordCodec<Checkpoint>>().EncodeAsync(step with { RunId = runId }))
                : (head!.Input.Partition, CheckpointKeys.Head(head.RunId), CheckpointKeys.Head(runId),
                    await services.GetRequiredService<AvroRecordCodec<RunHead>>().EncodeAsync(head with { RunId = runId }));
            await producer.ProduceAsync(new TopicPartition(topic, partition),
                new Message<string?, byte[]?> { Key = newKey, Value = value, Headers = [new Header("content-type", "avro/binary"u8.ToArray())] });
            await producer.ProduceAsync(new TopicPartition(topic, partition), new Message<string?, byte[]?> { Key = oldKey, Value = null });
        }
    }
}
