using Ambient.Broker.Protocol;
using Ambient.Broker.Security;

namespace Ambient.Broker.Handlers;

/// <summary>ListGroups v0-2: live groups and groups that only hold committed offsets.</summary>
internal sealed class ListGroupsHandler : IApiHandler
{
    public ApiKey Key => ApiKey.ListGroups;

    public ValueTask<bool> HandleAsync(RequestContext context, KafkaReader request, KafkaWriter response, CancellationToken cancellationToken)
    {
        // Kafka: Describe on the cluster lists every group; otherwise only the groups the principal may Describe.
        var all = context.IsAllowedOnCluster(AclOperation.Describe);
        var groups = context.Broker.Groups.List().Where(g => all || context.IsAllowedOnGroup(AclOperation.Describe, g.GroupId)).ToList();
        if (context.Version >= 1)
        {
            response.WriteInt32(0); // throttle time
        }

        response.WriteInt16(ErrorCode.None);
        response.WriteArrayLength(groups.Count);
        foreach (var (groupId, protocolType, _) in groups)
        {
            response.WriteString(groupId);
            response.WriteString(protocolType);
        }

        return ValueTask.FromResult(true);
    }
}
