using Ambient.Abstractions.Processing;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Polly;

namespace Ambient.Kafka.Consumers;

/// <summary>What every partition worker of one consumer shares.</summary>
internal sealed record WorkerContext(
    IEventProcessor Processor,
    string GroupId,
    IRecordPublisher Publisher,
    string DeadLetterTopic,
    ResiliencePipeline Retry,
    SemaphoreSlim Concurrency,
    OrderingScope Ordering,
    Action<TopicPartitionOffset> Completed,
    TimeProvider Time,
    ILogger Logger);
