using Ambient.Broker.Groups;
using Ambient.Broker.Protocol;
using Ambient.Broker.Security;

namespace Ambient.Broker.Handlers;

/// <summary>SyncGroup v0-3: the leader delivers assignments; followers wait for theirs.</summary>
internal sealed class SyncGroupHandler : IApiHandler
{
    public ApiKey Key => ApiKey.SyncGroup;

    public async ValueTask<bool> HandleAsync(RequestContext context, KafkaReader request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var version = context.Version;
        var groupId = request.ReadString();
        var generation = request.ReadInt32();
        var memberId = request.ReadString();
        var instanceId = version >= 3 ? request.ReadNullableString() : null;
        var assignments = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (member, assignment) in request.ReadArray(r => (r.ReadString(), r.ReadBytes().ToArray())))
        {
            assignments[member] = assignment;
        }

        var result = context.IsAllowedOnGroup(AclOperation.Read, groupId)
            ? await context.Broker.Groups.SyncAsync(groupId, generation, memberId, instanceId, assignments).WaitAsync(cancellationToken)
            : SyncGroupResult.Failed(ErrorCode.GroupAuthorizationFailed);
        if (version >= 1)
        {
            response.WriteInt32(0); // throttle time
        }

        response.WriteInt16(result.Error);
        response.WriteBytes(result.Assignment);
        return true;
    }
}
