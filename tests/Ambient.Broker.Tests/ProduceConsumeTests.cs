using Ambient.Testing;
using Confluent.Kafka;

namespace Ambient.Broker.Tests;

public sealed class ProduceConsumeTests(KafkaFixture kafka)
{
    [Fact]
    public async Task Produce_KeyedRecords_ConsumedInOrderPerPartition()
    {
        var topic = await kafka.CreateTopicAsync("order", partitions: 3);
        using (var producer = new ProducerBuilder<string, string>(kafka.ProducerConfig()).Build())
        {
            for (var i = 0; i < 300; i++)
            {
                producer.Produce(topic, new Message<string, string> { Key = $"key-{i % 7}", Value = $"{i}" });
            }

            producer.Flush(TestContext.Current.CancellationToken);
        }

        using var consumer = new ConsumerBuilder<string, string>(kafka.ConsumerConfig(KafkaFixture.UniqueName("order"))).Build();
        consumer.Subscribe(topic);
        var received = new List<ConsumeResult<string, string>>();
        while (received.Count < 300)
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(30)) ?? throw new TimeoutException($"Only {received.Count} of 300 records arrived.");
            received.Add(result);
        }

        foreach (var byKey in received.GroupBy(r => r.Message.Key))
        {
            var values = byKey.Select(r => int.Parse(r.Message.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(values.Order(), values);
            Assert.Single(byKey.Select(r => r.Partition.Value).Distinct());
        }

        Assert.Equal(300, received.Select(r => r.Message.Value).Distinct().Count());
    }
}
