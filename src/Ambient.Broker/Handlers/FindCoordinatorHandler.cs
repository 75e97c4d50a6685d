using Ambient.Broker.Protocol;
using Ambient.Broker.Security;

namespace Ambient.Broker.Handlers;

/// <summary>FindCoordinator v0-2: this node coordinates every group. Transactions are not supported.</summary>
internal sealed class FindCoordinatorHandler : IApiHandler
{
    private const sbyte GroupKeyType = 0;
    private const sbyte TransactionKeyType = 1;

    public ApiKey Key => ApiKey.FindCoordinator;

    public ValueTask<bool> HandleAsync(RequestContext context, KafkaReader request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var version = context.Version;
        var key = request.ReadString(); // the group id or transactional id
        var keyType = version >= 1 ? request.ReadInt8() : GroupKeyType;
        var error = keyType switch
        {
            GroupKeyType when !context.IsAllowedOnGroup(AclOperation.Describe, key) => ErrorCode.GroupAuthorizationFailed,
            GroupKeyType => ErrorCode.None,
            TransactionKeyType when !context.IsAllowed(AclOperation.Describe, AclResourceType.TransactionalId, key) => ErrorCode.TransactionalIdAuthorizationFailed,
            _ => ErrorCode.CoordinatorNotAvailable,
        };
        if (version >= 1)
        {
            response.WriteInt32(0); // throttle time
        }

        response.WriteInt16(error);
        if (version >= 1)
        {
            response.WriteNullableString(error switch
            {
                ErrorCode.None => null,
                ErrorCode.CoordinatorNotAvailable => "Transactions are not supported by the embedded broker.",
                _ => $"Not authorized to describe '{key}'.",
            });
        }

        var found = error == ErrorCode.None;
        response.WriteInt32(found ? context.Broker.NodeId : -1);
        response.WriteString(found ? context.Broker.AdvertisedHost : string.Empty);
        response.WriteInt32(found ? context.Broker.AdvertisedPort : -1);
        return ValueTask.FromResult(true);
    }
}
