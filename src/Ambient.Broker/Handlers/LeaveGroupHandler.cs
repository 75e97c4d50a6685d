using Ambient.Broker.Protocol;
using Ambient.Broker.Security;

namespace Ambient.Broker.Handlers;

/// <summary>LeaveGroup v0-1: the member leaves at once, so the rest rebalance without waiting for its session to expire.</summary>
internal sealed class LeaveGroupHandler : IApiHandler
{
    public ApiKey Key => ApiKey.LeaveGroup;

    public ValueTask<bool> HandleAsync(RequestContext context, KafkaReader request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var groupId = request.ReadString();
        var memberId = request.ReadString();
        var error = !context.IsAllowedOnGroup(AclOperation.Read, groupId) ? ErrorCode.GroupAuthorizationFailed
            : context.Broker.Groups.Leave(groupId, memberId);
        if (context.Version >= 1)
        {
            response.WriteInt32(0); // throttle time
        }

        response.WriteInt16(error);
        return ValueTask.FromResult(true);
    }
}
