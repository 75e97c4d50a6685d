using System.Diagnostics.Metrics;
using Ambient.Testing;
using Confluent.Kafka;

namespace Ambient.Broker.Tests;

public sealed class LongPollTests(KafkaFixture kafka)
{
    [Fact]
    public async Task Fetch_IdleConsumer_WaitsForMaxWaitInsteadOfSpinning()
    {
        kafka.RequireEmbedded("it counts the requests the embedded broker serves");
        var topic = await kafka.CreateTopicAsync("idle");
        var config = kafka.ConsumerConfig(KafkaFixture.UniqueName("idle"));
        config.FetchWaitMaxMs = 500;
        config.ClientId = KafkaFixture.UniqueName("idle-client");
        using var consumer = new ConsumerBuilder<Ignore, string>(config).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.End));
        consumer.Consume(TimeSpan.FromMilliseconds(500)); // settle: metadata, offsets, first fetch

        var fetches = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == BrokerTelemetry.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "kafka.api", Value: "Fetch" })
                {
                    Interlocked.Add(ref fetches, value);
                }
            }
        });
        listener.Start();
        var idle = System.Diagnostics.Stopwatch.StartNew();
        while (idle.Elapsed < TimeSpan.FromSeconds(3))
        {
            Assert.Null(consumer.Consume(TimeSpan.FromMilliseconds(200)));
        }

        listener.Dispose();

        // Three idle seconds at 500 ms per long poll is about six fetches (other tests' consumers add a few);
        // a broker answering empty fetches at once would serve thousands.
        Assert.InRange(Interlocked.Read(ref fetches), 1, 200);
    }

    [Fact]
    public async Task Fetch_WaitingConsumer_WokenByProduce()
    {
        var topic = await kafka.CreateTopicAsync("wake");
        var config = kafka.ConsumerConfig(KafkaFixture.UniqueName("wake"));
        config.FetchWaitMaxMs = 30_000; // a long poll that only an append can end early
        config.SocketTimeoutMs = 60_000;
        using var consumer = new ConsumerBuilder<Ignore, string>(config).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.End));
        consumer.Consume(TimeSpan.FromMilliseconds(500));
        using var producer = new ProducerBuilder<Null, string>(kafka.ProducerConfig()).Build();

        await producer.ProduceAsync(topic, new Message<Null, string> { Value = "wake up" }, TestContext.Current.CancellationToken);
        var result = consumer.Consume(TimeSpan.FromSeconds(20));

        Assert.Equal("wake up", result?.Message.Value);
    }
}
