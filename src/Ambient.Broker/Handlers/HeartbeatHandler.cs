using Ambient.Broker.Protocol;
using Ambient.Broker.Security;

namespace Ambient.Broker.Handlers;

/// <summary>Heartbeat v0-3: keeps the member's session alive; REBALANCE_IN_PROGRESS tells it to rejoin.</summary>
internal sealed class HeartbeatHandler : IApiHandler
{
    public ApiKey Key => ApiKey.Heartbeat;

    public ValueTask<bool> HandleAsync(RequestContext context, KafkaReader request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var version = context.Version;
        var groupId = request.ReadString();
        var generation = request.ReadInt32();
        var memberId = request.ReadString();
        var instanceId = version >= 3 ? request.ReadNullableString() : null;
        var error = !context.IsAllowedOnGroup(AclOperation.Read, groupId) ? ErrorCode.GroupAuthorizationFailed
            : context.Broker.Groups.Heartbeat(groupId, generation, memberId, instanceId);
        if (version >= 1)
        {
            response.WriteInt32(0); // throttle time
        }

        response.WriteInt16(error);
        return ValueTask.FromResult(true);
    }
}
