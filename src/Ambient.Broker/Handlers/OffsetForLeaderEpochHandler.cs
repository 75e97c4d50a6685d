using Ambient.Broker.Protocol;
using Ambient.Broker.Security;

namespace Ambient.Broker.Handlers;

/// <summary>
/// OffsetForLeaderEpoch v2, which librdkafka uses to validate committed offsets (KIP-320). A single
/// node never changes leader, so epoch 0 ends at the log end offset.
/// </summary>
internal sealed class OffsetForLeaderEpochHandler : IApiHandler
{
    public ApiKey Key => ApiKey.OffsetForLeaderEpoch;

    public ValueTask<bool> HandleAsync(RequestContext context, KafkaReader request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var topics = request.ReadArray(t => (Name: t.ReadString(),
            Partitions: t.ReadArray(p => (Partition: p.ReadInt32(), CurrentEpoch: p.ReadInt32(), Epoch: p.ReadInt32()))));
        response.WriteInt32(0); // throttle time
        response.WriteArrayLength(topics.Count);
        foreach (var (name, partitions) in topics)
        {
            response.WriteString(name);
            response.WriteArrayLength(partitions.Count);
            foreach (var (partition, currentEpoch, epoch) in partitions)
            {
                var authorized = context.IsAllowedOnTopic(AclOperation.Describe, name);
                var log = authorized ? context.Broker.Topics.GetPartition(name, partition) : null;
                var error = !authorized ? ErrorCode.TopicAuthorizationFailed
                    : log is null ? ErrorCode.UnknownTopicOrPartition
                    : currentEpoch > 0 ? ErrorCode.UnknownLeaderEpoch
                    : ErrorCode.None;
                var known = error == ErrorCode.None && epoch >= 0;
                response.WriteInt16(error);
                response.WriteInt32(partition);
                response.WriteInt32(known ? 0 : -1);
                response.WriteInt64(known ? log!.HighWatermark : -1);
            }
        }

        return ValueTask.FromResult(true);
    }
}
