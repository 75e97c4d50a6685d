using Ambient.Broker.Protocol;
using Microsoft.Extensions.Logging;

namespace Ambient.Broker.Handlers;

/// <summary>
/// InitProducerId v0-1 for idempotent producers (<c>enable.idempotence=true</c>): a fresh producer id at
/// epoch 0. Transactional ids are refused: transactions are out of the embedded broker's scope.
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
