using Ambient.Broker.Groups;
using Ambient.Broker.Protocol;
using Ambient.Broker.Security;

namespace Ambient.Broker.Handlers;

/// <summary>DescribeGroups v0-4 (librdkafka's admin client falls back to it from ConsumerGroupDescribe).</summary>
internal sealed class DescribeGroupsHandler : IApiHandler
{
    public ApiKey Key => ApiKey.DescribeGroups;

    public ValueTask<bool> HandleAsync(RequestContext context, KafkaReader request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var version = context.Version;
        var groupIds = request.ReadArray(r => r.ReadString());
        if (version >= 3)
        {
            request.ReadBoolean(); // include authorized operations
        }

        if (version >= 1)
        {
            response.WriteInt32(0); // throttle time
        }

        response.WriteArrayLength(groupIds.Count);
        foreach (var groupId in groupIds)
        {
            var authorized = context.IsAllowedOnGroup(AclOperation.Describe, groupId);
            var group = (authorized ? context.Broker.Groups.Describe(groupId) : null)
                ?? new GroupDescription(groupId, GroupState.Dead, string.Empty, string.Empty, []);
            response.WriteInt16(!authorized ? ErrorCode.GroupAuthorizationFailed : groupId.Length == 0 ? ErrorCode.InvalidGroupId : ErrorCode.None);
            response.WriteString(group.GroupId);
            response.WriteString(authorized ? group.State.ToString() : string.Empty);
            response.WriteString(group.ProtocolType);
            response.WriteString(group.Protocol);
            response.WriteArrayLength(group.Members.Count);
            foreach (var member in group.Members)
            {
                response.WriteString(member.MemberId);
                if (version >= 4)
                {
                    response.WriteNullableString(member.GroupInstanceId);
                }

                response.WriteString(member.ClientId);
                response.WriteString(member.ClientHost);
                response.WriteBytes(member.Metadata);
                response.WriteBytes(member.Assignment);
            }

            if (version >= 3)
            {
                response.WriteInt32(int.MinValue); // authorized operations: not computed
            }
        }

        return ValueTask.FromResult(true);
    }
}
