using Ambient.Broker.Protocol;
using Ambient.Broker.Tests.Protocol;

namespace Ambient.Broker.Tests.Security;

/// <summary>Raw requests for the ACL tests, each returning the error code(s) the broker answered.</summary>
internal static class AclRequests
{
    public static async Task<ErrorCode> ProduceAsync(this RawKafkaConnection c, string topic) =>
        RawRequests.ReadProduceV8(await c.RequestAsync(ApiKey.Produce, 8, RawRequests.Produce(topic, 0, RawRequests.Batch("x")))).Error;

    public static async Task<ErrorCode> FetchAsync(this RawKafkaConnection c, string topic)
    {
        var r = await c.RequestAsync(ApiKey.Fetch, 4, w =>
        {
            w.WriteInt32(-1);
            w.WriteInt32(0);
            w.WriteInt32(0);
            w.WriteInt32(1 << 20);
            w.WriteInt8(0);
            w.WriteArrayLength(1);
            w.WriteString(topic);
            w.WriteArrayLength(1);
            w.WriteInt32(0);
            w.WriteInt64(0);
            w.WriteInt32(1 << 20);
        });
        r.ReadInt32();
        return FirstPartitionError(r);
    }

    public static async Task<ErrorCode> ListOffsetsAsync(this RawKafkaConnection c, string topic) =>
        FirstPartitionError(await c.RequestAsync(ApiKey.ListOffsets, 1, RawRequests.LatestOffset(topic, 0)));

    public static async Task<ErrorCode> OffsetForLeaderEpochAsync(this RawKafkaConnection c, string topic)
    {
        var r = await c.RequestAsync(ApiKey.OffsetForLeaderEpoch, 2, w =>
        {
            w.WriteArrayLength(1);
            w.WriteString(topic);
            w.WriteArrayLength(1);
            w.WriteInt32(0);
            w.WriteInt32(-1);
            w.WriteInt32(0);
        });
        r.ReadInt32();
        r.ReadArrayLength();
        r.ReadString();
        r.ReadArrayLength();
        return (ErrorCode)r.ReadInt16();
    }

    /// <summary>Metadata v4 (null = all topics): each listed topic's name and error.</summary>
    public static async Task<Dictionary<string, ErrorCode>> MetadataAsync(this RawKafkaConnection c, string[]? topics, bool allowAutoCreate = false)
    {
        var r = await c.RequestAsync(ApiKey.Metadata, 4, w =>
        {
            if (topics is null)
            {
                w.WriteArrayLength(-1);
            }
            else
            {
                w.WriteArray(topics, (x, t) => x.WriteString(t));
            }

            w.WriteBoolean(allowAutoCreate);
        });
        r.ReadInt32();
        r.ReadArray(b => (b.ReadInt32(), b.ReadString(), b.ReadInt32(), b.ReadNullableString()));
        r.ReadNullableString();
        r.ReadInt32();
        return r.ReadArray(t =>
        {
            var error = (ErrorCode)t.ReadInt16();
            var name = t.ReadString();
            t.ReadBoolean();
            t.ReadArray(p => (p.ReadInt16(), p.ReadInt32(), p.ReadInt32(), p.ReadArray(x => x.ReadInt32()), p.ReadArray(x => x.ReadInt32())));
            return (name, error);
        }).ToDictionary(x => x.name, x => x.error);
    }

    public static async Task<ErrorCode> FindCoordinatorAsync(this RawKafkaConnection c, string key, sbyte keyType = 0)
    {
        var r = await c.RequestAsync(ApiKey.FindCoordinator, 1, w =>
        {
            w.WriteString(key);
            w.WriteInt8(keyType);
        });
        r.ReadInt32();
        return (ErrorCode)r.ReadInt16();
    }

    public static async Task<ErrorCode> JoinGroupAsync(this RawKafkaConnection c, string group)
    {
        var r = await c.RequestAsync(ApiKey.JoinGroup, 4, w =>
        {
            w.WriteString(group);
            w.WriteInt32(10000);
            w.WriteInt32(10000);
            w.WriteString(string.Empty);
            w.WriteString("consumer");
            w.WriteArrayLength(1);
            w.WriteString("range");
            w.WriteBytes([]);
        });
        r.ReadInt32();
        return (ErrorCode)r.ReadInt16();
    }

    public static async Task<ErrorCode> SyncGroupAsync(this RawKafkaConnection c, string group) =>
        (ErrorCode)(await c.RequestAsync(ApiKey.SyncGroup, 0, w =>
        {
            w.WriteString(group);
            w.WriteInt32(1);
            w.WriteString("member");
            w.WriteArrayLength(0);
        })).ReadInt16();

    public static async Task<ErrorCode> HeartbeatAsync(this RawKafkaConnection c, string group) =>
        (ErrorCode)(await c.RequestAsync(ApiKey.Heartbeat, 0, w =>
        {
            w.WriteString(group);
            w.WriteInt32(1);
            w.WriteString("member");
        })).ReadInt16();

    public static async Task<ErrorCode> LeaveGroupAsync(this RawKafkaConnection c, string group) =>
        (ErrorCode)(await c.RequestAsync(ApiKey.LeaveGroup, 0, w =>
        {
            w.WriteString(group);
            w.WriteString("member");
        })).ReadInt16();

    public static async Task<ErrorCode> OffsetCommitAsync(this RawKafkaConnection c, string group, string topic) =>
        FirstPartitionError(await c.RequestAsync(ApiKey.OffsetCommit, 2, w =>
        {
            w.WriteString(group);
            w.WriteInt32(-1);
            w.WriteString(string.Empty);
            w.WriteInt64(-1);
            w.WriteArrayLength(1);
            w.WriteString(topic);
            w.WriteArrayLength(1);
            w.WriteInt32(0);
            w.WriteInt64(0);
            w.WriteNullableString(null);
        }));

    /// <summary>OffsetFetch v3 (null = all topics): the group error and each returned topic's first partition error.</summary>
    public static async Task<(ErrorCode Group, Dictionary<string, ErrorCode> Topics)> OffsetFetchAsync(this RawKafkaConnection c, string group, string? topic)
    {
        var r = await c.RequestAsync(ApiKey.OffsetFetch, 3, w =>
        {
            w.WriteString(group);
            if (topic is null)
            {
                w.WriteArrayLength(-1);
                return;
            }

            w.WriteArrayLength(1);
            w.WriteString(topic);
            w.WriteArrayLength(1);
            w.WriteInt32(0);
        });
        r.ReadInt32();
        var topics = r.ReadArray(t => (Name: t.ReadString(), Errors: t.ReadArray(p =>
        {
            p.ReadInt32();
            p.ReadInt64();
            p.ReadNullableString();
            return (ErrorCode)p.ReadInt16();
        })));
        return ((ErrorCode)r.ReadInt16(), topics.ToDictionary(t => t.Name, t => t.Errors[0]));
    }

    public static async Task<List<string>> ListGroupsAsync(this RawKafkaConnection c)
    {
        var r = await c.RequestAsync(ApiKey.ListGroups, 1, _ => { });
        r.ReadInt32();
        Assert.Equal(ErrorCode.None, (ErrorCode)r.ReadInt16());
        return r.ReadArray(g =>
        {
            var id = g.ReadString();
            g.ReadString();
            return id;
        });
    }

    public static async Task<ErrorCode> DescribeGroupAsync(this RawKafkaConnection c, string group)
    {
        var r = await c.RequestAsync(ApiKey.DescribeGroups, 0, w => w.WriteArray(new[] { group }, (x, g) => x.WriteString(g)));
        r.ReadArrayLength();
        return (ErrorCode)r.ReadInt16();
    }

    public static async Task<ErrorCode> CreateTopicAsync(this RawKafkaConnection c, string topic)
    {
        var r = await c.RequestAsync(ApiKey.CreateTopics, 0, w =>
        {
            w.WriteArrayLength(1);
            w.WriteString(topic);
            w.WriteInt32(1);
            w.WriteInt16(1);
            w.WriteArrayLength(0);
            w.WriteArrayLength(0);
            w.WriteInt32(5000);
        });
        r.ReadArrayLength();
        r.ReadString();
        return (ErrorCode)r.ReadInt16();
    }

    public static async Task<ErrorCode> DeleteTopicAsync(this RawKafkaConnection c, string topic)
    {
        var r = await c.RequestAsync(ApiKey.DeleteTopics, 0, w =>
        {
            w.WriteArray(new[] { topic }, (x, t) => x.WriteString(t));
            w.WriteInt32(5000);
        });
        r.ReadArrayLength();
        r.ReadString();
        return (ErrorCode)r.ReadInt16();
    }

    /// <summary>DescribeConfigs v0 of a topic (type 2) or the broker (type 4).</summary>
    public static async Task<ErrorCode> DescribeConfigsAsync(this RawKafkaConnection c, sbyte type, string name)
    {
        var r = await c.RequestAsync(ApiKey.DescribeConfigs, 0, w =>
        {
            w.WriteArrayLength(1);
            w.WriteInt8(type);
            w.WriteString(name);
            w.WriteArrayLength(-1);
        });
        r.ReadInt32();
        r.ReadArrayLength();
        return (ErrorCode)r.ReadInt16();
    }

    public static async Task<ErrorCode> InitProducerIdAsync(this RawKafkaConnection c, string? transactionalId = null)
    {
        var r = await c.RequestAsync(ApiKey.InitProducerId, 0, w =>
        {
            w.WriteNullableString(transactionalId);
            w.WriteInt32(60000);
        });
        r.ReadInt32();
        return (ErrorCode)r.ReadInt16();
    }

    public static async Task<ErrorCode> ConsumerGroupHeartbeatAsync(this RawKafkaConnection c, string group)
    {
        var r = await c.RequestAsync(ApiKey.ConsumerGroupHeartbeat, 1, w =>
        {
            w.WriteCompactString(group);
            w.WriteCompactString(string.Empty);
            w.WriteInt32(0);
            w.WriteEmptyTaggedFields();
        }, flexibleHeader: true);
        r.SkipTaggedFields();
        r.ReadInt32();
        return (ErrorCode)r.ReadInt16();
    }

    private static ErrorCode FirstPartitionError(KafkaReader r)
    {
        r.ReadArrayLength();
        r.ReadString();
        r.ReadArrayLength();
        r.ReadInt32();
        return (ErrorCode)r.ReadInt16();
    }
}
