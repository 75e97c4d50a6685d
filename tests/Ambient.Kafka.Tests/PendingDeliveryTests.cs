using Ambient.Abstractions.Processing;
using Ambient.Kafka.Producers;
using Confluent.Kafka;

namespace Ambient.Kafka.Tests;

/// <summary>
/// What a failed delivery report means: librdkafka's "broker handle destroyed" is the topic deleted under a record in
/// flight while the producer is open (no retry can help), and only the producer closing when it is closing.
/// </summary>
public sealed class PendingDeliveryTests
{
    private static readonly OutgoingRecord Record = new("ambient.events.github", "github:acme/shop", new byte[] { 1 }, new Dictionary<string, string>());

    [Theory]
    [InlineData(false, KafkaFailure.UnknownTopic)]
    [InlineData(true, KafkaFailure.Unavailable)]
    public async Task BrokerHandleDestroyed_IsTheTopicGoneUnlessTheProducerCloses(bool closing, KafkaFailure expected)
    {
        var delivery = new PendingDelivery(Record, () => closing);

        delivery.OnDelivered(new DeliveryReport<string?, byte[]>
        {
            Error = new Error(ErrorCode.Local_Destroy),
            TopicPartitionOffset = new TopicPartitionOffset(Record.Topic, 0, Offset.Unset),
            Message = new Message<string?, byte[]> { Key = Record.Key, Value = Record.Value.ToArray() },
        });
        var failure = await Assert.ThrowsAsync<KafkaOperationException>(() => delivery.Task);

        Assert.Equal(expected, failure.Failure);
    }
}
