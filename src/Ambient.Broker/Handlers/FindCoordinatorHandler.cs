using Ambient.Broker.Protocol;

namespace Ambient.Broker.Handlers;

/// <summary>FindCoordinator v0-2: this node coordinates every group. Transactions are not supported.</summary>
internal sealed class FindCoordinatorHandler : IApiHandler
{
    private const sbyte GroupKeyType = 0;

    public ApiKey Key => ApiKey.FindCoordinator;

    public ValueTask<bool> HandleAsync(RequestContext context, KafkaReader request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var version = context.Version;
        request.ReadString(); // key: the group id
        var keyType = version >= 1 ? request.ReadInt8() : GroupKeyType;
        var error = keyType == GroupKeyType ? ErrorCode.None : ErrorCode.CoordinatorNotAvailable;
        if (version >= 1)
        {
            response.WriteInt32(0); // throttle time
        }

        response.WriteInt16(error);
        if (version >= 1)
        {
            response.WriteNullableString(error == ErrorCode.None ? null : "Transactions are not supported by the embedded broker.");
        }

        var found = error == ErrorCode.None;
        response.WriteInt32(found ? context.Broker.NodeId : -1);
        response.WriteString(found ? context.Broker.AdvertisedHost : string.Empty);
        response.WriteInt32(found ? context.Broker.AdvertisedPort : -1);
        return ValueTask.FromResult(true);
    }
}
