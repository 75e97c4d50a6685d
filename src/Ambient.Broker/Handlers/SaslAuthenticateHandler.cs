using Ambient.Broker.Network;
using Ambient.Broker.Protocol;
using Microsoft.Extensions.Logging;

namespace Ambient.Broker.Handlers;

/// <summary>
/// SaslAuthenticate v0-2 (KIP-152): one SASL token each way per request. Wrong credentials get
/// SASL_AUTHENTICATION_FAILED with Kafka's message and the connection closes once the answer is sent.
/// v2 is flexible (the Java client's); librdkafka and kafkajs send v0-1.
/// </summary>
internal sealed class SaslAuthenticateHandler : IApiHandler
{
    public ApiKey Key => ApiKey.SaslAuthenticate;

    public ValueTask<bool> HandleAsync(RequestContext context, KafkaReader request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var version = context.Version;
        var token = version >= 2 ? request.ReadCompactBytes() : request.ReadBytes();
        if (version >= 2)
        {
            request.SkipTaggedFields();
        }

        var sasl = context.Session.Sasl ?? throw new ProtocolException($"Client '{context.ClientId}' at {context.ClientAddress} sent SaslAuthenticate, but SASL is not enabled on this broker.");
        var (error, message, challenge) = (ErrorCode.None, (string?)null, Array.Empty<byte>());
        if (!sasl.AwaitingAuthenticate)
        {
            (error, message) = (ErrorCode.IllegalSaslState, sasl.IsAuthenticated
                ? "Already authenticated; re-authentication is not supported."
                : "SaslAuthenticate must follow a successful SaslHandshake v1.");
            context.Session.CloseRequested = !sasl.IsAuthenticated;
        }
        else
        {
            var step = sasl.Authenticate(token.Span);
            var logger = context.Broker.LoggerFactory.CreateLogger<SaslAuthenticateHandler>();
            if (step.Failed)
            {
                logger.LogAuthenticationFailed(context.ClientAddress, sasl.Mechanism!, step.Failure!);
                (error, message) = (ErrorCode.SaslAuthenticationFailed, step.Failure);
                context.Session.CloseRequested = true;
            }
            else if (step.IsComplete)
            {
                logger.LogAuthenticated(context.ClientAddress, step.AuthenticatedUser!, sasl.Mechanism!);
            }

            challenge = step.Challenge;
        }

        Write(response, version, error, message, challenge);
        return ValueTask.FromResult(true);
    }

    private static void Write(KafkaWriter response, short version, ErrorCode error, string? message, byte[] challenge)
    {
        response.WriteInt16(error);
        if (version >= 2)
        {
            response.WriteCompactNullableString(message);
            response.WriteCompactBytes(challenge);
        }
        else
        {
            response.WriteNullableString(message);
            response.WriteBytes(challenge);
        }

        if (version >= 1)
        {
            response.WriteInt64(0); // session lifetime: no re-authentication required
        }

        if (version >= 2)
        {
            response.WriteEmptyTaggedFields();
        }
    }
}
