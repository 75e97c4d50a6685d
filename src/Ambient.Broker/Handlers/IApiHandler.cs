using Ambient.Broker.Protocol;

namespace Ambient.Broker.Handlers;

/// <summary>Serves one Kafka API: reads the request body and writes the response body.</summary>
internal interface IApiHandler
{
    ApiKey Key { get; }

    /// <summary>
    /// Handles one request. Returns false when the protocol says no response is sent (Produce with acks=0).
    /// Throws <see cref="ProtocolException"/> when the body cannot be decoded.
    /// </summary>
    ValueTask<bool> HandleAsync(RequestContext context, KafkaReader request, KafkaWriter response, CancellationToken cancellationToken);
}
