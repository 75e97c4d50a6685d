using System.Security.Cryptography;

namespace Ambient.Broker.Security;

/// <summary>
/// What the broker keeps of a user's password (RFC 5802 §3): salt, iteration count, StoredKey and ServerKey.
/// The password itself is not kept: SCRAM proofs are checked against StoredKey, and PLAIN passwords are
/// checked by deriving StoredKey from them again.
/// </summary>
public sealed class ScramCredential
{
    private ScramCredential(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey)
    {
        Salt = salt;
        Iterations = iterations;
        StoredKey = storedKey;
        ServerKey = serverKey;
    }

    /// <summary>The random salt sent to the client in the server-first message.</summary>
    public ReadOnlyMemory<byte> Salt { get; }

    /// <summary>PBKDF2 iterations (at least 4096, Kafka's minimum).</summary>
    public int Iterations { get; }

    /// <summary>H(HMAC(SaltedPassword, "Client Key")).</summary>
    public ReadOnlyMemory<byte> StoredKey { get; }

    /// <summary>HMAC(SaltedPassword, "Server Key").</summary>
    public ReadOnlyMemory<byte> ServerKey { get; }

    /// <summary>Derives a SCRAM-SHA-512 credential with a fresh random salt, as Kafka's kafka-configs --add-config SCRAM-SHA-512 does.</summary>
    /// <exception cref="ArgumentException">The password is empty or the iteration count is below 4096.</exception>
    public static ScramCredential FromPassword(string password, int iterations = ScramMechanism.MinIterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, ScramMechanism.MinIterations);
        return Derive(ScramMechanism.Sha512, password, RandomNumberGenerator.GetBytes(64), iterations);
    }

    internal static ScramCredential Derive(ScramMechanism mechanism, string password, byte[] salt, int iterations)
    {
        var salted = mechanism.SaltedPassword(password, salt, iterations);
        var storedKey = mechanism.H(mechanism.Hmac(salted, "Client Key"u8));
        var serverKey = mechanism.Hmac(salted, "Server Key"u8);
        CryptographicOperations.ZeroMemory(salted);
        return new ScramCredential(salt, iterations, storedKey, serverKey);
    }

    /// <summary>True when <paramref name="password"/> derives this credential's StoredKey (PLAIN), compared in constant time.</summary>
    internal bool Matches(ScramMechanism mechanism, string password)
    {
        var candidate = Derive(mechanism, password, Salt.ToArray(), Iterations);
        return CryptographicOperations.FixedTimeEquals(candidate.StoredKey.Span, StoredKey.Span);
    }
}
