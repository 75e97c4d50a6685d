using Ambient.Broker.Protocol;

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

        var offsets = context.Broker.Groups.Offsets;
        var rows = topics is null
            ? offsets.GetAll(groupId).GroupBy(o => o.Topic)
                .Select(g => (Name: g.Key, Partitions: g.Select(o => (o.Partition, Offset: (Groups.CommittedOffset?)o.Offset)).ToList())).ToList()
            : topics.Select(t => (t.Name, Partitions: t.Partitions.Select(p => (Partition: p, Offset: offsets.Get(groupId, t.Name, p))).ToList())).ToList();

        if (version >= 3)
        {
            response.WriteInt32(0); // throttle time
        }

        response.WriteArrayLength(rows.Count);
        foreach (var (name, partitions) in rows)
        {
            response.WriteString(name);
            response.WriteArrayLength(partitions.Count);
            foreach (var (partition, offset) in partitions)
            {
                response.WriteInt32(partition);
                response.WriteInt64(offset?.Offset ?? -1);
                if (version >= 5)
                {
                    response.WriteInt32(offset?.LeaderEpoch ?? -1);
                }

                response.WriteNullableString(offset?.Metadata ?? string.Empty);
                response.WriteInt16(ErrorCode.None);
            }
        }

        if (version >= 2)
        {
            response.WriteInt16(ErrorCode.None);
        }

        return ValueTask.FromResult(true);
    }
}
