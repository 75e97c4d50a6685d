using Ambient.Broker.Protocol;
using Ambient.Broker.Security;
using Microsoft.Extensions.Logging;

namespace Ambient.Broker.Handlers;

/// <summary>
/// InitProducerId v0-1 for idempotent producers (<c>enable.idempotence=true</c>): a fresh producer id at
/// epoch 0. Transactional ids are refused: transactions are out of the embedded broker's scope. With ACLs it
/// needs IdempotentWrite on the cluster or Write on any topic (KIP-679), or Write on the transactional id.
/// </summary>
internal sealed class InitProducerIdHandler : IApiHandler
{
    private const short InitialEpoch = 0;

    public ApiKey Key => ApiKey.InitProducerId;

    public ValueTask<bool> HandleAsync(RequestContext context, KafkaReader request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var transactionalId = request.ReadNullableString();
        request.ReadInt32(); // transaction timeout
        response.WriteInt32(0); // throttle time
        var refusal = transactionalId is not null
            ? (context.IsAllowed(AclOperation.Write, AclResourceType.TransactionalId, transactionalId) ? ErrorCode.None : ErrorCode.TransactionalIdAuthorizationFailed)
            : (context.IsAllowedOnCluster(AclOperation.IdempotentWrite) || context.IsAllowedOnAny(AclOperation.Write, AclResourceType.Topic) ? ErrorCode.None : ErrorCode.ClusterAuthorizationFailed);
        if (refusal != ErrorCode.None)
        {
            response.WriteInt16(refusal);
            response.WriteInt64(-1);
            response.WriteInt16(-1);
            return ValueTask.FromResult(true);
        }

        if (transactionalId is not null)
        {
            context.Broker.LoggerFactory.CreateLogger<InitProducerIdHandler>().LogTransactionsUnsupported(context.ClientId, transactionalId);
            response.WriteInt16(ErrorCode.InvalidRequest);
            response.WriteInt64(-1);
            response.WriteInt16(-1);
            return ValueTask.FromResult(true);
        }

        response.WriteInt16(ErrorCode.None);
        response.WriteInt64(context.Broker.ProducerIds.Allocate());
        response.WriteInt16(InitialEpoch);
        return ValueTask.FromResult(true);
    }
}
