using Ambient.Broker.Security;
using Microsoft.Extensions.Logging;

namespace Ambient.Broker.Network;

/// <summary>
/// Serves a bare SASL token: after SaslHandshake v0 (kafka-python 2.0, pre-KIP-152 clients) the client sends
/// each token framed only by its 4-byte length, and the server answers the same way, with no Kafka headers.
/// A failed exchange has no way to carry an error in this framing, so the connection just closes, as in Kafka.
/// </summary>
internal static class RawSaslToken
{
    public static bool Serve(SaslSession sasl, ClientSession session, ReadOnlySpan<byte> token, Protocol.KafkaWriter response, ILogger logger)
    {
        var step = sasl.Authenticate(token);
        if (step.Failed)
        {
            logger.LogAuthenticationFailed(session.ClientAddress, sasl.Mechanism!, step.Failure!);
            session.CloseRequested = true;
            return false;
        }

        if (step.IsComplete)
        {
            logger.LogAuthenticated(session.ClientAddress, step.AuthenticatedUser!, sasl.Mechanism!);
        }

        response.BeginFrame();
        response.WriteRaw(step.Challenge); // PLAIN's empty answer is a zero-length frame, which clients wait for
        response.CompleteFrame();
        return true;
    }
}
