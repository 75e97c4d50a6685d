using System.Text;
using Ambient.Broker.Protocol;
using Ambient.Broker.Security;
using Ambient.Broker.Tests.Protocol;
using Confluent.Kafka.Admin;
using AclOperation = Ambient.Broker.Security.AclOperation;

namespace Ambient.Broker.Tests.Security;

/// <summary>
/// One secure broker for the ACL tests. alice: Read, Write, Create, Delete, DescribeConfigs on topics "allowed.*"
/// (but Deny Write on "allowed.denied"), Describe on "describe-only", Read on groups "alice-*", Describe on group
/// "view-only"; bob: Write on "bob-topic" only; carol: nothing. Topics allowed.t, allowed.denied, describe-only
/// and secret exist.
/// </summary>
public sealed class AclBrokerFixture : IAsyncLifetime
{
    public KafkaBroker Broker { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Broker = await SecureBrokers.StartAsync(s =>
        {
            s.Users["bob"] = ScramCredential.FromPassword("bob-secret");
            s.Users["carol"] = ScramCredential.FromPassword("carol-secret");
            s.Allow(SecureBrokers.Alice, AclResourceType.Topic, "allowed.", AclPatternType.Prefixed,
                AclOperation.Read, AclOperation.Write, AclOperation.Create, AclOperation.Delete, AclOperation.DescribeConfigs);
            s.Deny(SecureBrokers.Alice, AclResourceType.Topic, "allowed.denied", AclPatternType.Literal, AclOperation.Write);
            s.Allow(SecureBrokers.Alice, AclResourceType.Topic, "describe-only", AclPatternType.Literal, AclOperation.Describe);
            s.Allow(SecureBrokers.Alice, AclResourceType.Group, "alice-", AclPatternType.Prefixed, AclOperation.Read);
            s.Allow(SecureBrokers.Alice, AclResourceType.Group, "view-only", AclPatternType.Literal, AclOperation.Describe);
            s.Allow("bob", AclResourceType.Topic, "bob-topic", AclPatternType.Literal, AclOperation.Write);
        });
        using var admin = SecureBrokers.AdminClient(Broker);
        await admin.CreateTopicsAsync(new[] { "allowed.t", "allowed.denied", "describe-only", "secret" }
            .Select(t => new TopicSpecification { Name = t, NumPartitions = 1, ReplicationFactor = 1 }));
    }

    public ValueTask DisposeAsync() => Broker.DisposeAsync();

    /// <summary>A raw connection authenticated as <paramref name="user"/> (PLAIN over SaslHandshake v1 + SaslAuthenticate).</summary>
    internal async Task<RawKafkaConnection> ConnectAsync(string user, string password)
    {
        var connection = await RawKafkaConnection.ConnectAsync(Broker.Endpoint);
        Assert.Equal(ErrorCode.None, (ErrorCode)(await connection.RequestAsync(ApiKey.SaslHandshake, 1, w => w.WriteString("PLAIN"))).ReadInt16());
        var response = await connection.RequestAsync(ApiKey.SaslAuthenticate, 1, w => w.WriteBytes(Encoding.UTF8.GetBytes($"\0{user}\0{password}")));
        Assert.Equal(ErrorCode.None, (ErrorCode)response.ReadInt16());
        return connection;
    }

    internal Task<RawKafkaConnection> AliceAsync() => ConnectAsync(SecureBrokers.Alice, SecureBrokers.AlicePassword);
}
