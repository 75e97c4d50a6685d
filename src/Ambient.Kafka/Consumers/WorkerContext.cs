using Ambient.Abstractions.Processing;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Ambient.Kafka.Consumers;

/// <summary>What every partition worker of one consumer shares.</summary>
internal sealed record WorkerContext(
    IEventProcessor Processor,
    string GroupId,
    IRecordPublisher Publisher,
    string DeadLetterTopic,
    EventConsumerOptions Options,
    SemaphoreSlim Concurrency,
    OrderingScope Ordering,
    Action<TopicPartitionOffset> Completed,
    TimeProvider Time,
    ILogger Logger);
