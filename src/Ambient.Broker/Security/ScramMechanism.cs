using System.Security.Cryptography;

namespace Ambient.Broker.Security;

/// <summary>
/// The hash a SCRAM mechanism is built on (RFC 5802 §2.2): H, HMAC and Hi (PBKDF2 with HMAC). The broker
/// enables SCRAM-SHA-512, which Strimzi's scram-sha-512 KafkaUsers use; SHA-256 exists for RFC 7677's test vector.
/// </summary>
internal sealed class ScramMechanism
{
    /// <summary>Kafka's smallest iteration count for SCRAM credentials.</summary>
    public const int MinIterations = 4096;

    private ScramMechanism(string name, HashAlgorithmName hash)
    {
        Name = name;
        Hash = hash;
    }

    public static ScramMechanism Sha256 { get; } = new("SCRAM-SHA-256", HashAlgorithmName.SHA256);

    public static ScramMechanism Sha512 { get; } = new("SCRAM-SHA-512", HashAlgorithmName.SHA512);

    /// <summary>The SASL mechanism name clients ask for in SaslHandshake.</summary>
    public string Name { get; }

    public HashAlgorithmName Hash { get; }

    public byte[] H(ReadOnlySpan<byte> data) => Hash == HashAlgorithmName.SHA256 ? SHA256.HashData(data) : SHA512.HashData(data);

    public byte[] Hmac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) =>
        Hash == HashAlgorithmName.SHA256 ? HMACSHA256.HashData(key, data) : HMACSHA512.HashData(key, data);

    /// <summary>SaltedPassword := Hi(Normalize(password), salt, i). Like Kafka, the password's UTF-8 bytes are used without SASLprep.</summary>
    public byte[] SaltedPassword(string password, ReadOnlySpan<byte> salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(System.Text.Encoding.UTF8.GetBytes(password), salt, iterations, Hash, Hash == HashAlgorithmName.SHA256 ? 32 : 64);
}
