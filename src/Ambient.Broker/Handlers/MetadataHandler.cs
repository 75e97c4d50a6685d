using Ambient.Broker.Protocol;
using Ambient.Broker.Security;
using Ambient.Broker.Storage;

namespace Ambient.Broker.Handlers;

/// <summary>
/// Metadata v0-8: this node is every partition's leader, the only replica, the controller (so admin
/// requests come here) and the coordinator. Unknown topics are created when auto-creation is on and the
/// client allows it (v4+ flag; always for v0-3, as in Kafka). With ACLs, as Kafka: listing all topics shows only
/// those the principal may Describe; a topic asked for by name without Describe, or one to auto-create without
/// Create on it or on the cluster, answers TOPIC_AUTHORIZATION_FAILED.
/// </summary>
internal sealed class MetadataHandler : IApiHandler
{
    private const int AuthorizedOperationsOmitted = int.MinValue;

    public ApiKey Key => ApiKey.Metadata;

    public ValueTask<bool> HandleAsync(RequestContext context, KafkaReader request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var version = context.Version;
        var requested = request.ReadNullableArray(r => r.ReadString());
        var allowAutoCreate = version < 4 || request.ReadBoolean();
        if (version >= 8)
        {
            request.ReadBoolean(); // include cluster authorized operations
            request.ReadBoolean(); // include topic authorized operations
        }

        // v0: an empty list means all topics; v1+: null means all topics and empty means none.
        var allTopics = requested is null || (version == 0 && requested.Count == 0);
        var topics = allTopics
            ? context.Broker.Topics.All.Where(t => context.IsAllowedOnTopic(AclOperation.Describe, t.Name))
                .OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => (t.Name, Error: ErrorCode.None, Topic: (Topic?)t)).ToList()
            : requested!.Distinct().Select(name => Resolve(context, name, allowAutoCreate)).ToList();

        if (version >= 3)
        {
            response.WriteInt32(0); // throttle time
        }

        WriteBrokers(context, response, version);
        if (version >= 2)
        {
            response.WriteNullableString(context.Broker.ClusterId);
        }

        if (version >= 1)
        {
            response.WriteInt32(context.Broker.NodeId); // controller
        }

        response.WriteArrayLength(topics.Count);
        foreach (var (name, error, topic) in topics)
        {
            WriteTopic(context, response, version, name, error, topic);
        }

        if (version >= 8)
        {
            response.WriteInt32(AuthorizedOperationsOmitted); // cluster authorized operations
        }

        return ValueTask.FromResult(true);
    }

    private static (string Name, ErrorCode Error, Topic? Topic) Resolve(RequestContext context, string name, bool allowAutoCreate)
    {
        var broker = context.Broker;
        if (!context.IsAllowedOnTopic(AclOperation.Describe, name))
        {
            return (name, ErrorCode.TopicAuthorizationFailed, null);
        }

        if (broker.Topics.Get(name) is { } existing)
        {
            return (name, ErrorCode.None, existing);
        }

        if (TopicNames.Validate(name) is not null)
        {
            return (name, ErrorCode.InvalidTopicException, null);
        }

        if (!allowAutoCreate || !broker.Options.AutoCreateTopics)
        {
            return (name, ErrorCode.UnknownTopicOrPartition, null);
        }

        if (!context.IsAllowedOnCluster(AclOperation.Create) && !context.IsAllowedOnTopic(AclOperation.Create, name))
        {
            return (name, ErrorCode.TopicAuthorizationFailed, null);
        }

        var (error, _, created) = broker.Topics.Create(name, broker.Options.DefaultPartitions, new Dictionary<string, string?>(), validateOnly: false);
        return error switch
        {
            ErrorCode.None => (name, ErrorCode.None, created),
            ErrorCode.TopicAlreadyExists => (name, ErrorCode.None, broker.Topics.Get(name)),
            _ => (name, error, null),
        };
    }

    private static void WriteBrokers(RequestContext context, KafkaWriter response, short version)
    {
        response.WriteArrayLength(1);
        response.WriteInt32(context.Broker.NodeId);
        response.WriteString(context.Broker.AdvertisedHost);
        response.WriteInt32(context.Broker.AdvertisedPort);
        if (version >= 1)
        {
            response.WriteNullableString(null); // rack
        }
    }

    private static void WriteTopic(RequestContext context, KafkaWriter response, short version, string name, ErrorCode error, Topic? topic)
    {
        response.WriteInt16(error);
        response.WriteString(name);
        if (version >= 1)
        {
            response.WriteBoolean(false); // is internal
        }

        var partitionCount = topic?.Partitions.Count ?? 0;
        response.WriteArrayLength(partitionCount);
        for (var p = 0; p < partitionCount; p++)
        {
            response.WriteInt16(ErrorCode.None);
            response.WriteInt32(p);
            response.WriteInt32(context.Broker.NodeId); // leader
            if (version >= 7)
            {
                response.WriteInt32(0); // leader epoch
            }

            WriteSelf(context, response); // replicas
            WriteSelf(context, response); // in-sync replicas
            if (version >= 5)
            {
                response.WriteArrayLength(0); // offline replicas
            }
        }

        if (version >= 8)
        {
            response.WriteInt32(AuthorizedOperationsOmitted);
        }
    }

    private static void WriteSelf(RequestContext context, KafkaWriter response)
    {
        response.WriteArrayLength(1);
        response.WriteInt32(context.Broker.NodeId);
    }
}
