using System.Security.Cryptography;
using System.Text;

namespace Ambient.Broker.Security;

/// <summary>
/// Stand-in credentials for user names that do not exist, so an unknown user goes through the same exchange
/// (same salt every time, a proof that can never match) as a known one with a wrong password: the exchange
/// does not tell which user names exist (RFC 5802 §9 suggests this).
/// </summary>
internal static class UnknownUserCredentials
{
    private static readonly byte[] s_saltKey = RandomNumberGenerator.GetBytes(32);

    public static ScramCredential For(ScramMechanism mechanism, string user) =>
        ScramCredential.Derive(mechanism, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            HMACSHA256.HashData(s_saltKey, Encoding.UTF8.GetBytes(user)).Concat(HMACSHA256.HashData(s_saltKey, "salt"u8)).ToArray(),
            ScramMechanism.MinIterations);
}
