using Ambient.Abstractions.A2a;
using Ambient.Kafka.Topics;
using Ambient.Avro.Serialization;
using Ambient.Gateway.Configuration;
using Ambient.Kafka.Configuration;

namespace Ambient.Gateway.A2a;

/// <summary>What the A2A bridge reads from Kafka: the cards table, the tasks table and the gateway's replies.</summary>
internal sealed class A2aTables(
    GatewayOptions options,
    AmbientTopics topics,
    AmbientKafkaOptions kafka,
    AvroRecordCodec<A2aAgentCard> cards,
    AvroRecordCodec<A2aTask> tasks,
    AvroRecordCodec<A2aTaskStatusUpdate> statuses,
    AvroRecordCodec<A2aArtifactUpdate> artifacts,
    AvroRecordCodec<A2aMessage> messages,
    TimeProvider time,
    ILogger<A2aTables> logger)
{
    // Cards are one per agent, so the table's bound is only a guard.
    public CompactedTable<A2aAgentCard> Cards { get; } = new(topics.A2aCards, 10_000, cards, kafka, logger);

    public CompactedTable<A2aTask> Tasks { get; } = new(topics.A2aTasks, options.A2a.TaskCapacity, tasks, kafka, logger);

    public GatewayReplies Replies { get; } = new(topics.A2aGatewayReplies, statuses, artifacts, messages, kafka, time, logger);

    /// <summary>Both tables read up to where they stood at start, and the replies topic being read.</summary>
    public bool IsReady => Cards.CaughtUp.IsCompletedSuccessfully && Tasks.CaughtUp.IsCompletedSuccessfully && Replies.Ready.IsCompletedSuccessfully;
}
