namespace Ambient.Broker.Security;

/// <summary>The SASL mechanisms a secure listener enables, in the order SaslHandshake reports them (Kafka's <c>sasl.enabled.mechanisms</c>).</summary>
internal static class SaslMechanisms
{
    public const string ScramSha512 = "SCRAM-SHA-512";
    public const string Plain = "PLAIN";

    public static IReadOnlyList<string> Enabled { get; } = [ScramSha512, Plain];

    /// <summary>Kafka's answer to wrong credentials (SaslServerAuthenticator), the same whichever part was wrong.</summary>
    public static string InvalidCredentials(string mechanism) =>
        $"Authentication failed during authentication due to invalid credentials with SASL mechanism {mechanism}";
}
