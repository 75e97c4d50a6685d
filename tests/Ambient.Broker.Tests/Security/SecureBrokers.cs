using Ambient.Broker.Security;
using Ambient.Testing;
using Confluent.Kafka;

namespace Ambient.Broker.Tests.Security;

/// <summary>Secure embedded brokers of their own (SASL SCRAM-SHA-512 and PLAIN, ACLs) and client settings for them.</summary>
internal static class SecureBrokers
{
    public const string Admin = "admin";
    public const string AdminPassword = "admin-secret";
    public const string Alice = "alice";
    public const string AlicePassword = "alice-secret";

    /// <summary>A broker with users admin (super user) and alice (whatever <paramref name="acls"/> grants her).</summary>
    public static Task<KafkaBroker> StartAsync(Action<BrokerSecurity>? acls = null, Action<BrokerOptions>? options = null)
    {
        var security = new BrokerSecurity();
        security.Users[Admin] = ScramCredential.FromPassword(AdminPassword);
        security.Users[Alice] = ScramCredential.FromPassword(AlicePassword);
        security.SuperUsers.Add(Admin);
        acls?.Invoke(security);
        return EmbeddedBrokers.StartAsync(TestDirectories.Create("secure"), configure: o =>
        {
            o.Security = security;
            options?.Invoke(o);
        });
    }

    public static T Sasl<T>(T config, KafkaBroker broker, string user, string password, SaslMechanism mechanism = SaslMechanism.ScramSha512)
        where T : ClientConfig
    {
        config.BootstrapServers = broker.BootstrapServers;
        config.SecurityProtocol = SecurityProtocol.SaslPlaintext;
        config.SaslMechanism = mechanism;
        config.SaslUsername = user;
        config.SaslPassword = password;
        return config;
    }

    public static IAdminClient AdminClient(KafkaBroker broker) =>
        new AdminClientBuilder(Sasl(new AdminClientConfig(), broker, Admin, AdminPassword)).Build();

    /// <summary>Allows <paramref name="user"/> <paramref name="operations"/> on a resource.</summary>
    public static void Allow(this BrokerSecurity security, string user, AclResourceType type, string name, AclPatternType pattern, params AclOperation[] operations)
    {
        foreach (var operation in operations)
        {
            security.Acls.Add(new AclRule(AclRule.UserPrincipal(user), new ResourcePattern(type, name, pattern), operation));
        }
    }

    public static void Deny(this BrokerSecurity security, string user, AclResourceType type, string name, AclPatternType pattern, AclOperation operation) =>
        security.Acls.Add(new AclRule(AclRule.UserPrincipal(user), new ResourcePattern(type, name, pattern), operation, AclPermissionType.Deny));
}
