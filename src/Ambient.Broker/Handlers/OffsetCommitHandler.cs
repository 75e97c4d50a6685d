using Ambient.Broker.Groups;
using Ambient.Broker.Protocol;
using Ambient.Broker.Security;

namespace Ambient.Broker.Handlers;

/// <summary>
/// OffsetCommit v2-7: stores offsets for members of the current generation, or for "simple" consumers
/// (generation -1, no member) when the group has no members, as Kafka's validateOffsetCommit does.
/// With ACLs it needs Read on the group (else every partition answers GROUP_AUTHORIZATION_FAILED) and Read
/// on each topic (TOPIC_AUTHORIZATION_FAILED).
/// </summary>
internal sealed class OffsetCommitHandler : IApiHandler
{
    private const int MaxMetadataLength = 4096; // Kafka's offset.metadata.max.bytes

    public ApiKey Key => ApiKey.OffsetCommit;

    public ValueTask<bool> HandleAsync(RequestContext context, KafkaReader request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var version = context.Version;
        var groupId = request.ReadString();
        var generation = request.ReadInt32();
        var memberId = request.ReadString();
        var instanceId = version >= 7 ? request.ReadNullableString() : null;
        if (version <= 4)
        {
            request.ReadInt64(); // retention time: offsets are kept until the topic or group goes away
        }

        var topics = request.ReadArray(t => (Name: t.ReadString(), Partitions: t.ReadArray(p =>
        {
            var partition = p.ReadInt32();
            var offset = p.ReadInt64();
            var epoch = version >= 6 ? p.ReadInt32() : -1;
            return (Partition: partition, Offset: offset, Epoch: epoch, Metadata: p.ReadNullableString());
        })));

        var groupAuthorized = context.IsAllowedOnGroup(AclOperation.Read, groupId);
        var groupError = !groupAuthorized ? ErrorCode.GroupAuthorizationFailed
            : groupId.Length == 0 ? ErrorCode.InvalidGroupId
            : context.Broker.Groups.ValidateCommit(groupId, generation, memberId, instanceId);
        var accepted = new List<(string Topic, int Partition, CommittedOffset Offset)>();
        var results = new List<(string Topic, List<(int Partition, ErrorCode Error)> Partitions)>();
        foreach (var (name, partitions) in topics)
        {
            var partitionResults = new List<(int, ErrorCode)>();
            var topicAuthorized = context.IsAllowedOnTopic(AclOperation.Read, name);
            foreach (var (partition, offset, epoch, metadata) in partitions)
            {
                var error = !groupAuthorized ? ErrorCode.GroupAuthorizationFailed
                    : !topicAuthorized ? ErrorCode.TopicAuthorizationFailed
                    : groupError != ErrorCode.None ? groupError
                    : context.Broker.Topics.GetPartition(name, partition) is null ? ErrorCode.UnknownTopicOrPartition
                    : metadata is { Length: > MaxMetadataLength } ? ErrorCode.OffsetMetadataTooLarge
                    : ErrorCode.None;
                if (error == ErrorCode.None)
                {
                    accepted.Add((name, partition, new CommittedOffset(offset, epoch, metadata, context.Broker.NowMs)));
                }

                partitionResults.Add((partition, error));
            }

            results.Add((name, partitionResults));
        }

        if (accepted.Count > 0)
        {
            context.Broker.Groups.Offsets.Commit(groupId, accepted);
        }

        if (version >= 3)
        {
            response.WriteInt32(0); // throttle time
        }

        response.WriteArrayLength(results.Count);
        foreach (var (name, partitions) in results)
        {
            response.WriteString(name);
            response.WriteArrayLength(partitions.Count);
            foreach (var (partition, error) in partitions)
            {
                response.WriteInt32(partition);
                response.WriteInt16(error);
            }
        }

        return ValueTask.FromResult(true);
    }
}
