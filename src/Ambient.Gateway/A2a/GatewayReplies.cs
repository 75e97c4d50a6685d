using System.Collections.Concurrent;
using Ambient.Abstractions.A2a;
using Ambient.Avro;
using Ambient.Avro.Serialization;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Reading;
using Ambient.A2a;

namespace Ambient.Gateway.A2a;

/// <summary>
/// The gateway's replies topic, read from its end at start by every replica (no consumer group): each reply is keyed
/// by the gateway run id of its request, so the replica that sent the request, and only it, finds it waiting here.
/// Replies to requests of other replicas, or of requests no one waits for any more, are passed over.
/// </summary>
internal sealed class GatewayReplies(
    string topic,
    AvroRecordCodec<A2aTaskStatusUpdate> statuses,
    AvroRecordCodec<A2aArtifactUpdate> artifacts,
    AvroRecordCodec<A2aMessage> messages,
    AmbientKafkaOptions kafka,
    TimeProvider time,
    ILogger logger)
{
    private readonly ConcurrentDictionary<string, PendingTask> _waiting = new(StringComparer.Ordinal);
    private readonly TopicTail _tail = new(topic, fromEnd: true, kafka, logger);

    public string Topic => topic;

    /// <summary>Completes once the reader is positioned: replies produced afterwards are seen.</summary>
    public Task Ready => _tail.CaughtUp;

    /// <summary>How many partitions replies may be sent to (known once <see cref="Ready"/>).</summary>
    public int PartitionCount => _tail.PartitionCount;

    public Task RunAsync(CancellationToken stoppingToken) => _tail.RunAsync(Apply, stoppingToken);

    /// <summary>Waits for the replies to <paramref name="runId"/>; register before sending, so no reply can come first.</summary>
    public void Register(string runId, PendingTask pending) => _waiting[runId] = pending;

    public void Forget(string runId) => _waiting.TryRemove(runId, out _);

    private void Apply(TailRecord record)
    {
        if (record.Key is null || record.Value is not { Length: > 0 } value || !_waiting.TryGetValue(record.Key, out var pending))
        {
            return;
        }

        try
        {
            switch (record.Header(A2aKafka.EventHeader))
            {
                case A2aKafka.StatusUpdate:
                    pending.Apply(statuses.Decode(value));
                    break;
                case A2aKafka.ArtifactUpdate:
                    pending.Apply(artifacts.Decode(value));
                    break;
                case A2aKafka.MessageEvent:
                    pending.Apply(messages.Decode(value), time.GetUtcNow());
                    break;
            }
        }
        catch (AvroSerializationException ex)
        {
            logger.LogUnreadable(topic, record.Key, ex.Message);
        }
    }
}
