using Ambient.Broker.Protocol;
using Ambient.Broker.Security;

namespace Ambient.Broker.Handlers;

/// <summary>
/// ListOffsets v1-5: latest (-1) is the high watermark, earliest (-2) the log start offset, and a
/// timestamp finds the first record at or after it (offset -1 when there is none).
/// </summary>
internal sealed class ListOffsetsHandler : IApiHandler
{
    private const long Latest = -1;
    private const long Earliest = -2;

    public ApiKey Key => ApiKey.ListOffsets;

    public ValueTask<bool> HandleAsync(RequestContext context, KafkaReader request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var version = context.Version;
        request.ReadInt32(); // replica id
        if (version >= 2)
        {
            request.ReadInt8(); // isolation level: LSO equals the high watermark without transactions
        }

        var topics = request.ReadArray(t => (Name: t.ReadString(), Partitions: t.ReadArray(p =>
        {
            var partition = p.ReadInt32();
            if (version >= 4)
            {
                p.ReadInt32(); // current leader epoch
            }

            return (Partition: partition, Timestamp: p.ReadInt64());
        })));

        if (version >= 2)
        {
            response.WriteInt32(0); // throttle time
        }

        response.WriteArrayLength(topics.Count);
        foreach (var (name, partitions) in topics)
        {
            response.WriteString(name);
            response.WriteArrayLength(partitions.Count);
            foreach (var (partition, timestamp) in partitions)
            {
                var (error, foundTimestamp, offset) = Lookup(context, name, partition, timestamp);
                response.WriteInt32(partition);
                response.WriteInt16(error);
                response.WriteInt64(foundTimestamp);
                response.WriteInt64(offset);
                if (version >= 4)
                {
                    response.WriteInt32(offset >= 0 ? 0 : -1); // leader epoch
                }
            }
        }

        return ValueTask.FromResult(true);
    }

    private static (ErrorCode Error, long Timestamp, long Offset) Lookup(RequestContext context, string topic, int partition, long timestamp)
    {
        if (!context.IsAllowedOnTopic(AclOperation.Describe, topic))
        {
            return (ErrorCode.TopicAuthorizationFailed, -1, -1);
        }

        if (context.Broker.Topics.GetPartition(topic, partition) is not { } log)
        {
            return (ErrorCode.UnknownTopicOrPartition, -1, -1);
        }

        switch (timestamp)
        {
            case Latest:
                return (ErrorCode.None, -1, log.HighWatermark);
            case Earliest:
                return (ErrorCode.None, -1, log.LogStartOffset);
            case < 0:
                return (ErrorCode.UnsupportedVersion, -1, -1);
            default:
                var found = log.FindOffsetByTimestamp(timestamp);
                return found is { } hit ? (ErrorCode.None, hit.Timestamp, hit.Offset) : (ErrorCode.None, -1, -1);
        }
    }
}
