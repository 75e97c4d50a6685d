namespace Ambient.Broker.Security;

/// <summary>
/// The SASL state of one connection on a secure listener (Kafka's SaslServerAuthenticator): waiting for
/// SaslHandshake, then for the mechanism's tokens (in SaslAuthenticate requests after handshake v1, bare after
/// v0), then authenticated, or failed (the connection is closed).
/// </summary>
internal sealed class SaslSession(BrokerSecurity security)
{
    /// <summary>
    /// Largest request frame accepted before authentication: SASL tokens are well under 1 KiB, so an
    /// unauthenticated client cannot make the broker buffer more (Kafka's <c>sasl.server.max.receive.size</c>, 512 KiB).
    /// </summary>
    public const int MaxUnauthenticatedFrameBytes = 64 * 1024;

    private State _state;
    private ISaslServerExchange? _exchange;

    private enum State
    {
        AwaitingHandshake,
        AwaitingAuthenticate,
        AwaitingRawToken,
        Authenticated,
        Failed,
    }

    /// <summary>The authenticated user's name, once authenticated.</summary>
    public string? User { get; private set; }

    /// <summary>The mechanism chosen in SaslHandshake.</summary>
    public string? Mechanism { get; private set; }

    public bool IsAuthenticated => _state == State.Authenticated;

    public bool AwaitingHandshake => _state == State.AwaitingHandshake;

    /// <summary>After SaslHandshake v1: tokens come in SaslAuthenticate requests.</summary>
    public bool AwaitingAuthenticate => _state == State.AwaitingAuthenticate;

    /// <summary>After SaslHandshake v0: the next frame is a bare SASL token with no request header (pre-KIP-152).</summary>
    public bool AwaitingRawToken => _state == State.AwaitingRawToken;

    /// <summary>Chooses the mechanism; false (and the session fails) when it is not enabled.</summary>
    public bool Handshake(string mechanism, short version)
    {
        _exchange = mechanism switch
        {
            SaslMechanisms.ScramSha512 => new ScramServerExchange(ScramMechanism.Sha512, security.FindCredential, ScramServerExchange.NewServerNonce()),
            SaslMechanisms.Plain => new PlainServerExchange(security.FindCredential),
            _ => null,
        };
        if (_exchange is null)
        {
            _state = State.Failed;
            return false;
        }

        Mechanism = mechanism;
        _state = version == 0 ? State.AwaitingRawToken : State.AwaitingAuthenticate;
        return true;
    }

    /// <summary>Evaluates the client's next token with the chosen mechanism.</summary>
    public SaslStep Authenticate(ReadOnlySpan<byte> token)
    {
        var step = _exchange!.Evaluate(token);
        if (step.Failed)
        {
            _state = State.Failed;
        }
        else if (step.IsComplete)
        {
            User = step.AuthenticatedUser;
            _state = State.Authenticated;
        }

        return step;
    }
}
