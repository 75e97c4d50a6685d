using System.Security.Cryptography;
using System.Text;

namespace Ambient.Broker.Security;

/// <summary>
/// The server side of SCRAM (RFC 5802, RFC 7677): client-first → server-first (combined nonce, salt,
/// iterations), client-final (channel binding echo, nonce, proof) → server-final (verifier). Channel
/// binding is not offered (no TLS), so only the "n" and "y" GS2 flags are accepted.
/// </summary>
internal sealed class ScramServerExchange(ScramMechanism mechanism, Func<string, ScramCredential?> credentials, string serverNonce)
    : ISaslServerExchange
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private Stage _stage;
    private string _user = string.Empty;
    private ScramCredential? _credential;
    private bool _userKnown;
    private string _gs2Header = string.Empty;
    private string _clientFirstBare = string.Empty;
    private string _serverFirst = string.Empty;
    private string _nonce = string.Empty;

    private enum Stage
    {
        ClientFirst,
        ClientFinal,
        Done,
    }

    /// <summary>A fresh server nonce: 32 random bytes, base64 (printable and comma-free, as RFC 5802 requires).</summary>
    public static string NewServerNonce() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public SaslStep Evaluate(ReadOnlySpan<byte> token)
    {
        string message;
        try
        {
            message = s_strictUtf8.GetString(token);
        }
        catch (DecoderFallbackException)
        {
            return Finish(SaslStep.Fail($"{mechanism.Name} message is not UTF-8."));
        }

        return _stage switch
        {
            Stage.ClientFirst => Finish(ClientFirst(message)),
            Stage.ClientFinal => Finish(ClientFinal(message)),
            _ => SaslStep.Fail($"{mechanism.Name} exchange is already complete."),
        };
    }

    private SaslStep Finish(SaslStep step)
    {
        _stage = step.Failed || step.IsComplete ? Stage.Done : _stage + 1;
        return step;
    }

    private SaslStep ClientFirst(string message)
    {
        // gs2-header = gs2-cbind-flag "," [ authzid ] ","  (RFC 5802 §7)
        var first = message.IndexOf(',', StringComparison.Ordinal);
        var second = first < 0 ? -1 : message.IndexOf(',', first + 1);
        if (second < 0)
        {
            return SaslStep.Fail($"Invalid {mechanism.Name} client-first message: no GS2 header.");
        }

        var flag = message[..first];
        if (flag.StartsWith("p=", StringComparison.Ordinal))
        {
            return SaslStep.Fail($"{mechanism.Name} channel binding is not supported by this listener.");
        }

        if (flag is not ("n" or "y"))
        {
            return SaslStep.Fail($"Invalid {mechanism.Name} GS2 channel binding flag '{flag}'.");
        }

        _gs2Header = message[..(second + 1)];
        _clientFirstBare = message[(second + 1)..];
        var attributes = _clientFirstBare.Split(',');
        if (attributes.Length < 2 || !attributes[0].StartsWith("n=", StringComparison.Ordinal) || !attributes[1].StartsWith("r=", StringComparison.Ordinal))
        {
            return SaslStep.Fail($"Invalid {mechanism.Name} client-first message: expected n=<user>,r=<nonce>.");
        }

        if (DecodeSaslName(attributes[0][2..]) is not { Length: > 0 } user)
        {
            return SaslStep.Fail($"Invalid {mechanism.Name} user name.");
        }

        var authorizationId = message[(first + 1)..second];
        if (authorizationId.Length > 0 && (!authorizationId.StartsWith("a=", StringComparison.Ordinal) || DecodeSaslName(authorizationId[2..]) != user))
        {
            return SaslStep.Fail("Authentication failed: Client requested an authorization id that is different from username");
        }

        var clientNonce = attributes[1][2..];
        if (clientNonce.Length == 0 || clientNonce.Any(c => c is < '!' or > '~' or ','))
        {
            return SaslStep.Fail($"Invalid {mechanism.Name} client nonce.");
        }

        if (attributes.Skip(2).Any(a => a.StartsWith("m=", StringComparison.Ordinal) || a == "tokenauth=true"))
        {
            return SaslStep.Fail($"{mechanism.Name} extension not supported (mandatory extensions and delegation tokens are not).");
        }

        _user = user;
        _credential = credentials(user);
        _userKnown = _credential is not null;
        _credential ??= UnknownUserCredentials.For(mechanism, user);
        _nonce = clientNonce + serverNonce;
        _serverFirst = $"r={_nonce},s={Convert.ToBase64String(_credential.Salt.Span)},i={_credential.Iterations}";
        return SaslStep.Continue(Encoding.UTF8.GetBytes(_serverFirst));
    }

    private SaslStep ClientFinal(string message)
    {
        var proofAt = message.LastIndexOf(",p=", StringComparison.Ordinal);
        if (proofAt < 0)
        {
            return SaslStep.Fail($"Invalid {mechanism.Name} client-final message: no proof.");
        }

        var withoutProof = message[..proofAt];
        var attributes = withoutProof.Split(',');
        if (attributes.Length < 2 || attributes[0] != "c=" + Convert.ToBase64String(Encoding.UTF8.GetBytes(_gs2Header)))
        {
            return SaslStep.Fail($"Invalid {mechanism.Name} client-final message: channel binding does not match the client-first GS2 header.");
        }

        if (attributes[1] != "r=" + _nonce)
        {
            return SaslStep.Fail($"Invalid {mechanism.Name} client-final message: nonce does not match the server's.");
        }

        var proof = new byte[mechanism.Hash == HashAlgorithmName.SHA256 ? 32 : 64];
        if (!Convert.TryFromBase64String(message[(proofAt + 3)..], proof, out var proofLength) || proofLength != proof.Length)
        {
            return SaslStep.Fail(SaslMechanisms.InvalidCredentials(mechanism.Name));
        }

        var authMessage = Encoding.UTF8.GetBytes($"{_clientFirstBare},{_serverFirst},{withoutProof}");
        var credential = _credential!;
        var clientSignature = mechanism.Hmac(credential.StoredKey.Span, authMessage);
        for (var i = 0; i < proof.Length; i++)
        {
            proof[i] ^= clientSignature[i]; // ClientKey := ClientProof XOR ClientSignature
        }

        if (!CryptographicOperations.FixedTimeEquals(mechanism.H(proof), credential.StoredKey.Span) || !_userKnown)
        {
            return SaslStep.Fail(SaslMechanisms.InvalidCredentials(mechanism.Name));
        }

        var serverSignature = mechanism.Hmac(credential.ServerKey.Span, authMessage);
        return SaslStep.Success(Encoding.UTF8.GetBytes("v=" + Convert.ToBase64String(serverSignature)), _user);
    }

    /// <summary>saslname: "=2C" is ',' and "=3D" is '='; any other '=' makes it invalid (RFC 5802 §5.1).</summary>
    private static string? DecodeSaslName(string value)
    {
        var name = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '=')
            {
                name.Append(value[i]);
                continue;
            }

            var escape = value.AsSpan(i + 1, Math.Min(2, value.Length - i - 1));
            if (escape.SequenceEqual("2C"))
            {
                name.Append(',');
            }
            else if (escape.SequenceEqual("3D"))
            {
                name.Append('=');
            }
            else
            {
                return null;
            }

            i += 2;
        }

        return name.ToString();
    }
}
