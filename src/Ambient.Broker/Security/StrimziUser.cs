namespace Ambient.Broker.Security;

/// <summary>One Strimzi KafkaUser: its name, how it authenticates, and the ACLs of its <c>simple</c> authorization.</summary>
public sealed record StrimziUser(string Name, string Authentication, IReadOnlyList<AclRule> Acls)
{
    /// <summary>Strimzi's name of SCRAM-SHA-512 authentication.</summary>
    public const string ScramSha512 = "scram-sha-512";
}
