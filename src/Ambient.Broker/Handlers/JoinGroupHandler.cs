using Ambient.Broker.Groups;
using Ambient.Broker.Protocol;
using Ambient.Broker.Security;

namespace Ambient.Broker.Handlers;

/// <summary>
/// JoinGroup v0-5. The request is parked until the rebalance completes; v4+ members with no id get
/// MEMBER_ID_REQUIRED first (KIP-394) and v5 adds static membership (KIP-345).
/// </summary>
internal sealed class JoinGroupHandler : IApiHandler
{
    public ApiKey Key => ApiKey.JoinGroup;

    public async ValueTask<bool> HandleAsync(RequestContext context, KafkaReader request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var version = context.Version;
        var groupId = request.ReadString();
        var sessionTimeout = request.ReadInt32();
        var rebalanceTimeout = version >= 1 ? request.ReadInt32() : sessionTimeout;
        var memberId = request.ReadString();
        var instanceId = version >= 5 ? request.ReadNullableString() : null;
        var protocolType = request.ReadString();
        var protocols = request.ReadArray(r => (Name: r.ReadString(), Metadata: r.ReadBytes().ToArray()));

        var join = new JoinGroupRequest(groupId, sessionTimeout, rebalanceTimeout, memberId, instanceId, protocolType, protocols,
            context.ClientId, context.ClientAddress, RequiresKnownMemberId: version >= 4);
        var result = context.IsAllowedOnGroup(AclOperation.Read, groupId)
            ? await context.Broker.Groups.JoinAsync(join).WaitAsync(cancellationToken)
            : JoinGroupResult.Failed(ErrorCode.GroupAuthorizationFailed, memberId);

        if (version >= 2)
        {
            response.WriteInt32(0); // throttle time
        }

        response.WriteInt16(result.Error);
        response.WriteInt32(result.GenerationId);
        response.WriteString(result.ProtocolName ?? string.Empty);
        response.WriteString(result.LeaderId);
        response.WriteString(result.MemberId);
        response.WriteArrayLength(result.Members.Count);
        foreach (var member in result.Members)
        {
            response.WriteString(member.MemberId);
            if (version >= 5)
            {
                response.WriteNullableString(member.GroupInstanceId);
            }

            response.WriteBytes(member.Metadata);
        }

        return true;
    }
}
