namespace Ambient.Broker.Security;

/// <summary>
/// The server's answer to one SASL token: a challenge to send back and, when the exchange is over, either
/// the authenticated user or why authentication failed.
/// </summary>
internal readonly record struct SaslStep(byte[] Challenge, string? AuthenticatedUser, string? Failure)
{
    public bool IsComplete => AuthenticatedUser is not null;

    public bool Failed => Failure is not null;

    public static SaslStep Continue(byte[] challenge) => new(challenge, null, null);

    public static SaslStep Success(byte[] challenge, string user) => new(challenge, user, null);

    public static SaslStep Fail(string failure) => new([], null, failure);
}
