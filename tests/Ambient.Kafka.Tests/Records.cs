using Ambient.Testing;
using Confluent.Kafka;

namespace Ambient.Kafka.Tests;

/// <summary>Writes and reads single records with the plain Confluent.Kafka client, to see exactly what is on the wire.</summary>
internal static class Records
{
    public static async Task<DeliveryResult<string?, byte[]>> ProduceAsync(KafkaFixture kafka, string topic, Message<string?, byte[]> message)
    {
        using var producer = new ProducerBuilder<string?, byte[]>(kafka.ProducerConfig()).Build();
        return await producer.ProduceAsync(topic, message, TestContext.Current.CancellationToken);
    }

    public static ConsumeResult<string?, byte[]> ReadAt(KafkaFixture kafka, string topic, int partition, long offset)
    {
        using var consumer = new ConsumerBuilder<string?, byte[]>(kafka.ConsumerConfig(KafkaFixture.UniqueName("reader"))).Build();
        consumer.Assign(new TopicPartitionOffset(topic, partition, offset));
        return consumer.Consume(TimeSpan.FromSeconds(30)) ?? throw new TimeoutException($"No record at {topic}/{partition}@{offset}.");
    }

    public static ConsumeResult<string?, byte[]> ReadAt(KafkaFixture kafka, TopicPartitionOffset at) =>
        ReadAt(kafka, at.Topic, at.Partition.Value, at.Offset.Value);

    public static List<(string Key, string Value)> HeaderTexts(Headers headers) =>
        headers.Select(h => (h.Key, System.Text.Encoding.UTF8.GetString(h.GetValueBytes()))).ToList();
}
