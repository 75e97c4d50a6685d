using Ambient.Broker.Protocol;
using Ambient.Broker.Security;

namespace Ambient.Broker.Handlers;

/// <summary>
/// CreateTopics v0-4. Replication factor must be 1 (or -1, "broker default", v4+) on a single node;
/// partitions -1 means the broker default. Errors carry a message naming what is wrong.
/// </summary>
internal sealed class CreateTopicsHandler : IApiHandler
{
    public ApiKey Key => ApiKey.CreateTopics;

    public ValueTask<bool> HandleAsync(RequestContext context, KafkaReader request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var version = context.Version;
        var topics = request.ReadArray(t => (
            Name: t.ReadString(),
            Partitions: t.ReadInt32(),
            ReplicationFactor: t.ReadInt16(),
            Assignments: t.ReadArray(a => (Partition: a.ReadInt32(), Brokers: a.ReadArray(b => b.ReadInt32()))),
            Configs: t.ReadArray(c => (Name: c.ReadString(), Value: c.ReadNullableString()))));
        request.ReadInt32(); // timeout: creation is synchronous
        var validateOnly = version >= 1 && request.ReadBoolean();

        var results = topics.Select(t => Create(context, t.Name, t.Partitions, t.ReplicationFactor, t.Assignments, t.Configs, validateOnly)).ToList();
        if (version >= 2)
        {
            response.WriteInt32(0); // throttle time
        }

        response.WriteArrayLength(results.Count);
        foreach (var (name, error, message) in results)
        {
            response.WriteString(name);
            response.WriteInt16(error);
            if (version >= 1)
            {
                response.WriteNullableString(message);
            }
        }

        return ValueTask.FromResult(true);
    }

    private static (string Name, ErrorCode Error, string? Message) Create(RequestContext context, string name, int partitions, short replicationFactor,
        List<(int Partition, List<int> Brokers)> assignments, List<(string Name, string? Value)> configs, bool validateOnly)
    {
        if (!context.IsAllowedOnCluster(AclOperation.Create) && !context.IsAllowedOnTopic(AclOperation.Create, name))
        {
            return (name, ErrorCode.TopicAuthorizationFailed, "Authorization failed.");
        }

        var nodeId = context.Broker.NodeId;
        if (assignments.Count > 0)
        {
            if (assignments.Any(a => a.Brokers.Count != 1 || a.Brokers[0] != nodeId)
                || !assignments.Select(a => a.Partition).Order().SequenceEqual(Enumerable.Range(0, assignments.Count)))
            {
                return (name, ErrorCode.InvalidReplicaAssignment, $"Replica assignments must place partitions 0..n-1 on this single node ({nodeId}).");
            }

            partitions = assignments.Count;
        }
        else if (replicationFactor is not (1 or -1))
        {
            return (name, ErrorCode.InvalidReplicationFactor, $"Replication factor {replicationFactor} is larger than the 1 available broker.");
        }

        if (partitions == -1)
        {
            partitions = context.Broker.Options.DefaultPartitions;
        }

        var duplicate = configs.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            return (name, ErrorCode.InvalidConfig, $"Config {duplicate.Key} is given more than once.");
        }

        var (error, message, _) = context.Broker.Topics.Create(name, partitions, configs.ToDictionary(c => c.Name, c => c.Value), validateOnly);
        return (name, error, message);
    }
}
