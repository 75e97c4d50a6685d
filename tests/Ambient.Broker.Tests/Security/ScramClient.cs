using System.Security.Cryptography;
using System.Text;

namespace Ambient.Broker.Tests.Security;

/// <summary>The client side of SCRAM, written from RFC 5802 for tests (independent of the broker's code).</summary>
internal sealed class ScramClient(HashAlgorithmName hash, string user, string password, string clientNonce)
{
    private string _clientFirstBare = string.Empty;

    public string ServerSignature { get; private set; } = string.Empty;

    public string ClientFirst()
    {
        _clientFirstBare = $"n={user},r={clientNonce}";
        return "n,," + _clientFirstBare;
    }

    public string ClientFinal(string serverFirst)
    {
        var fields = serverFirst.Split(',').ToDictionary(f => f[..1], f => f[2..]);
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), Convert.FromBase64String(fields["s"]),
            int.Parse(fields["i"], System.Globalization.CultureInfo.InvariantCulture), hash, hash == HashAlgorithmName.SHA256 ? 32 : 64);
        var withoutProof = $"c=biws,r={fields["r"]}";
        var authMessage = Encoding.UTF8.GetBytes($"{_clientFirstBare},{serverFirst},{withoutProof}");
        var clientKey = Hmac(salted, "Client Key"u8.ToArray());
        var storedKey = hash == HashAlgorithmName.SHA256 ? SHA256.HashData(clientKey) : SHA512.HashData(clientKey);
        var signature = Hmac(storedKey, authMessage);
        var proof = clientKey.Zip(signature, (a, b) => (byte)(a ^ b)).ToArray();
        ServerSignature = "v=" + Convert.ToBase64String(Hmac(Hmac(salted, "Server Key"u8.ToArray()), authMessage));
        return $"{withoutProof},p={Convert.ToBase64String(proof)}";
    }

    private byte[] Hmac(byte[] key, byte[] data) => hash == HashAlgorithmName.SHA256 ? HMACSHA256.HashData(key, data) : HMACSHA512.HashData(key, data);
}
