using Ambient.Broker.Groups;
using Ambient.Broker.Protocol;
using Ambient.Broker.Security;

namespace Ambient.Broker.Handlers;

/// <summary>
/// OffsetFetch v1-5. Partitions with no commit answer offset -1 and no error; v2+ null topics returns
/// every committed partition of the group (KEDA and admin tools rely on it).
/// </summary>
internal sealed class OffsetFetchHandler : IApiHandler
{
    public ApiKey Key => ApiKey.OffsetFetch;

    public ValueTask<bool> HandleAsync(RequestContext context, KafkaReader request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var version = context.Version;
        var groupId = request.ReadString();
        var topics = request.ReadNullableArray(t => (Name: t.ReadString(), Partitions: t.ReadArray(p => p.ReadInt32())));
        if (topics is null && version < 2)
        {
            throw new ProtocolException("OffsetFetch v0-1 requires a topic list.");
        }

        // Kafka: Describe on the group (Read implies it), and topics the principal may not Describe are hidden
        // from "all topics" and answer TOPIC_AUTHORIZATION_FAILED when named.
        var groupError = context.IsAllowedOnGroup(AclOperation.Describe, groupId) ? ErrorCode.None : ErrorCode.GroupAuthorizationFailed;
        var offsets = context.Broker.Groups.Offsets;
        var rows = groupError != ErrorCode.None
            ? (topics ?? []).Select(t => (t.Name, Partitions: t.Partitions.Select(p => (Partition: p, Offset: (CommittedOffset?)null, Error: groupError)).ToList())).ToList()
            : topics is null
            ? offsets.GetAll(groupId).Where(o => context.IsAllowedOnTopic(AclOperation.Describe, o.Topic)).GroupBy(o => o.Topic)
                .Select(g => (Name: g.Key, Partitions: g.Select(o => (o.Partition, Offset: (CommittedOffset?)o.Offset, Error: ErrorCode.None)).ToList())).ToList()
            : topics.Select(t => (t.Name, Partitions: t.Partitions.Select(p => context.IsAllowedOnTopic(AclOperation.Describe, t.Name)
                ? (Partition: p, Offset: offsets.Get(groupId, t.Name, p), Error: ErrorCode.None)
                : (Partition: p, Offset: null, Error: ErrorCode.TopicAuthorizationFailed)).ToList())).ToList();

        if (version >= 3)
        {
            response.WriteInt32(0); // throttle time
        }

        response.WriteArrayLength(rows.Count);
        foreach (var (name, partitions) in rows)
        {
            response.WriteString(name);
            response.WriteArrayLength(partitions.Count);
            foreach (var (partition, offset, error) in partitions)
            {
                response.WriteInt32(partition);
                response.WriteInt64(offset?.Offset ?? -1);
                if (version >= 5)
                {
                    response.WriteInt32(offset?.LeaderEpoch ?? -1);
                }

                response.WriteNullableString(offset?.Metadata ?? string.Empty);
                response.WriteInt16(error);
            }
        }

        if (version >= 2)
        {
            response.WriteInt16(groupError);
        }

        return ValueTask.FromResult(true);
    }
}
