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
    ILogger Logger)
{
    /// <summary>Stops the process with a non-zero exit: a fatal client error (e.g. the producer lost its idempotence) cannot be retried away.</summary>
    public Action<string> Fatal { get; init; } = _ => { };
}
