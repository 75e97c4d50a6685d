using System.Text;

namespace Ambient.Broker.Security;

/// <summary>
/// The server side of SASL PLAIN (RFC 4616): one message, <c>[authzid] NUL authcid NUL passwd</c>. The
/// password is checked by deriving the user's SCRAM StoredKey from it, so the broker never keeps passwords.
/// </summary>
internal sealed class PlainServerExchange(Func<string, ScramCredential?> credentials) : ISaslServerExchange
{
    private bool _done;

    public SaslStep Evaluate(ReadOnlySpan<byte> token)
    {
        if (_done)
        {
            return SaslStep.Fail("PLAIN exchange is already complete.");
        }

        _done = true;
        var parts = Encoding.UTF8.GetString(token).Split('\0');
        if (parts.Length != 3 || parts[1].Length == 0 || parts[2].Length == 0)
        {
            return SaslStep.Fail("Invalid PLAIN message: expected [authzid] NUL username NUL password.");
        }

        var (authorizationId, user, password) = (parts[0], parts[1], parts[2]);
        if (authorizationId.Length > 0 && authorizationId != user)
        {
            return SaslStep.Fail("Authentication failed: Client requested an authorization id that is different from username");
        }

        // An unknown user pays for the same key derivation as a known one, so timing does not tell them apart.
        var credential = credentials(user);
        var matches = (credential ?? UnknownUserCredentials.For(ScramMechanism.Sha512, user)).Matches(ScramMechanism.Sha512, password);
        return matches && credential is not null ? SaslStep.Success([], user) : SaslStep.Fail(SaslMechanisms.InvalidCredentials(SaslMechanisms.Plain));
    }
}
