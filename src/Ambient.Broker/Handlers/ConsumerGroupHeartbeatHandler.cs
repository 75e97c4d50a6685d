using Ambient.Broker.Protocol;
using Ambient.Broker.Security;
using Microsoft.Extensions.Logging;

namespace Ambient.Broker.Handlers;

/// <summary>
/// Refuses the KIP-848 consumer group protocol with UNSUPPORTED_VERSION and a message saying what to do.
/// librdkafka treats that answer as a fatal consumer error, so <c>group.protocol=consumer</c> fails at
/// once and visibly instead of looping on "coordinator not available".
/// </summary>
internal sealed class ConsumerGroupHeartbeatHandler : IApiHandler
{
    public const string Refusal =
        "The embedded Ambient broker supports only the classic consumer group protocol (KIP-848 is not supported): set group.protocol=classic.";

    public ApiKey Key => ApiKey.ConsumerGroupHeartbeat;

    public ValueTask<bool> HandleAsync(RequestContext context, KafkaReader request, KafkaWriter response, CancellationToken cancellationToken)
    {
        // librdkafka reports only the error code, so the broker log says what to change.
        context.Broker.LoggerFactory.CreateLogger<ConsumerGroupHeartbeatHandler>().LogConsumerProtocolRefused(context.ClientId, context.ClientAddress);

        // ConsumerGroupHeartbeatResponse v1 (flexible): only the group's ACL changes the answer.
        var authorized = context.IsAllowedOnGroup(AclOperation.Read, request.ReadCompactString());
        response.WriteInt32(0); // throttle time
        response.WriteInt16(authorized ? ErrorCode.UnsupportedVersion : ErrorCode.GroupAuthorizationFailed);
        response.WriteCompactNullableString(authorized ? Refusal : null);
        response.WriteCompactNullableString(null); // member id
        response.WriteInt32(-1); // member epoch
        response.WriteInt32(0); // heartbeat interval
        response.WriteInt8(-1); // assignment: null
        response.WriteEmptyTaggedFields();
        return ValueTask.FromResult(true);
    }
}
