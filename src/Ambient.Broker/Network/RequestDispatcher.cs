using System.Buffers.Binary;
using Ambient.Broker.Handlers;
using Ambient.Broker.Protocol;
using Microsoft.Extensions.Logging;

namespace Ambient.Broker.Network;

/// <summary>
/// Decodes the request header, checks the API key and version against what the broker advertises,
/// writes the response header, and hands the body to the API's handler. On a secure broker, a connection
/// that has not authenticated may only send ApiVersions and the SASL requests (or, after SaslHandshake v0,
/// bare SASL tokens); anything else closes it, as Kafka does.
/// </summary>
internal sealed class RequestDispatcher(BrokerServices broker, IEnumerable<IApiHandler> handlers, ILogger logger)
{
    private readonly Dictionary<ApiKey, IApiHandler> _handlers = handlers.ToDictionary(h => h.Key);

    /// <summary>APIs whose handling may wait (long-poll, rebalance): pending responses are flushed before them.</summary>
    public static bool MayWait(ReadOnlySpan<byte> frame) =>
        frame.Length >= 2 && (ApiKey)BinaryPrimitives.ReadInt16BigEndian(frame) is ApiKey.Fetch or ApiKey.JoinGroup or ApiKey.SyncGroup;

    /// <summary>Serves one request frame, appending its response frame to <paramref name="response"/> unless the protocol says none is sent.</summary>
    public async ValueTask<bool> DispatchAsync(ReadOnlyMemory<byte> frame, KafkaWriter response, ClientSession session, CancellationToken cancellationToken)
    {
        var clientAddress = session.ClientAddress;
        if (session.Sasl is { AwaitingRawToken: true } sasl)
        {
            return RawSaslToken.Serve(sasl, session, frame.Span, response, logger);
        }

        var reader = new KafkaReader(frame);
        var header = RequestHeader.Read(reader);
        if (!SupportedApis.TryGet(header.ApiKey, out var range) || !_handlers.TryGetValue(header.ApiKey, out var handler))
        {
            throw new ProtocolException($"Client '{header.ClientId}' at {clientAddress} sent unknown or unsupported API key {(short)header.ApiKey}.");
        }

        if (!session.IsAuthenticated && header.ApiKey is not (ApiKey.ApiVersions or ApiKey.SaslHandshake or ApiKey.SaslAuthenticate))
        {
            // Kafka's SaslServerAuthenticator: any other request during the SASL exchange is an illegal state; the connection closes.
            throw new ProtocolException($"Client '{header.ClientId}' at {clientAddress} sent {header.ApiKey} before authenticating; this listener requires SASL.");
        }

        response.BeginFrame();
        response.WriteInt32(header.CorrelationId);
        if (SupportedApis.HasFlexibleResponseHeader(header.ApiKey, header.ApiVersion))
        {
            response.WriteEmptyTaggedFields();
        }
        if (!range.Contains(header.ApiVersion))
        {
            if (header.ApiKey != ApiKey.ApiVersions)
            {
                throw new ProtocolException($"Client '{header.ClientId}' at {clientAddress} sent {header.ApiKey} v{header.ApiVersion}; this broker supports v{range.MinVersion}-{range.MaxVersion}.");
            }

            // KIP-511: answer an unknown ApiVersions version in the v0 layout so the client retries lower.
            ApiVersionsHandler.WriteUnsupportedVersion(response);
            response.CompleteFrame();
            return true;
        }

        var context = new RequestContext(header, broker, session);
        var respond = await handler.HandleAsync(context, reader, response, cancellationToken);
        if (respond)
        {
            response.CompleteFrame();
        }
        else
        {
            response.DiscardFrame();
        }

        logger.LogRequestServed(header.ApiKey, header.ApiVersion, header.CorrelationId, header.ClientId);
        BrokerTelemetry.RequestServed(header.ApiKey);
        return respond;
    }
}
