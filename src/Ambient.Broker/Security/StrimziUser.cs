namespace Ambient.Broker.Security;

/// <summary>One Strimzi KafkaUser: its name, how it authenticates, and the ACLs of its <c>simple</c> authorization.</summary>
internal sealed record StrimziUser(string Name, string Authentication, IReadOnlyList<AclRule> Acls)
{
    public const string ScramSha512 = "scram-sha-512";
}
