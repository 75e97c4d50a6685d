using Ambient.Broker.Protocol;
using Ambient.Broker.Security;

namespace Ambient.Broker.Handlers;

/// <summary>
/// SaslHandshake v0-1: the client names its mechanism; the answer lists the enabled ones. An unsupported
/// mechanism gets UNSUPPORTED_SASL_MECHANISM and the connection closes; a handshake after authentication
/// gets ILLEGAL_SASL_STATE (re-authentication, KIP-368, is not offered).
/// </summary>
internal sealed class SaslHandshakeHandler : IApiHandler
{
    public ApiKey Key => ApiKey.SaslHandshake;

    public ValueTask<bool> HandleAsync(RequestContext context, KafkaReader request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var mechanism = request.ReadString();
        var sasl = context.Session.Sasl ?? throw new ProtocolException($"Client '{context.ClientId}' at {context.ClientAddress} sent SaslHandshake, but SASL is not enabled on this broker.");
        var error = !sasl.AwaitingHandshake ? ErrorCode.IllegalSaslState
            : sasl.Handshake(mechanism, context.Version) ? ErrorCode.None
            : ErrorCode.UnsupportedSaslMechanism;
        if (error != ErrorCode.None && !sasl.IsAuthenticated)
        {
            context.Session.CloseRequested = true;
        }

        response.WriteInt16(error);
        response.WriteArray(SaslMechanisms.Enabled, (w, m) => w.WriteString(m));
        return ValueTask.FromResult(true);
    }
}
