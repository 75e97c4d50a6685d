using Ambient.Broker.Security;
using Ambient.Testing;

namespace Ambient.Broker.Tests.Security;

public sealed class StrimziUsersFileTests
{
    private static readonly string s_usersYaml = FindRepositoryFile(Path.Combine("strimzi", "common", "users.yaml"));

    [Fact]
    public void RealUsersYaml_LoadsEveryKafkaUser_AndItsAclsDecideAsStrimziMeansThem()
    {
        var users = StrimziUsersFile.Load(s_usersYaml);
        var authorizer = new Authorizer(users.SelectMany(u => u.Acls), []);

        Assert.Contains(users, u => u.Name == "ambient-gateway" && u.Authentication == "scram-sha-512");
        Assert.Contains(users, u => u.Name == "ambient-operator");
        Assert.All(users, u => Assert.NotEmpty(u.Acls));
        Assert.True(authorizer.IsAllowed("User:ambient-gateway", "10.1.2.3", AclOperation.Write, AclResourceType.Topic, "ambient.events.github"));
        Assert.True(authorizer.IsAllowed("User:ambient-gateway", "10.1.2.3", AclOperation.Write, AclResourceType.Topic, "ambient.a2a.anything")); // prefix
        Assert.False(authorizer.IsAllowed("User:ambient-gateway", "10.1.2.3", AclOperation.Read, AclResourceType.Group, "ambient-agent-github-triage"));
        Assert.True(authorizer.IsAllowed("User:ambient-executor", "10.1.2.3", AclOperation.Read, AclResourceType.Group, "ambient-executor"));
        Assert.False(authorizer.IsAllowed("User:ambient-executor", "10.1.2.3", AclOperation.Read, AclResourceType.Group, "ambient-agent-github-triage"));
        Assert.True(authorizer.IsAllowed("User:ambient-operator", "10.1.2.3", AclOperation.Create, AclResourceType.Topic, "ambient.new"));
        Assert.True(authorizer.IsAllowedOnAny("User:ambient-executor", "10.1.2.3", AclOperation.Write, AclResourceType.Topic));
        // The agents' workers' users are the Agent operator's, derived from each agent file (src/Ambient.Kubernetes).
        Assert.DoesNotContain(users, u => u.Name.StartsWith("ambient-worker-", StringComparison.Ordinal));
    }

    [Fact]
    public void DenyHostClusterTransactionalIdAndTheSingularOperation_AreRead()
    {
        var path = Write("""
            apiVersion: kafka.strimzi.io/v1
            kind: KafkaUser
            metadata: {name: tool}
            spec:
              authentication: {type: scram-sha-512}
              authorization:
                type: simple
                acls:
                  - resource: {type: cluster}
                    operations: [IdempotentWrite, DescribeConfigs]
                  - resource: {type: transactionalId, name: tx-, patternType: prefix}
                    operation: Write
                  - resource: {type: topic, name: "*"}
                    operations: [All]
                    type: deny
                    host: 10.0.0.9
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: ignored}
            """);

        var acls = StrimziUsersFile.Load(path).Single().Acls;

        Assert.Contains(new AclRule("User:tool", new ResourcePattern(AclResourceType.Cluster, "kafka-cluster"), AclOperation.IdempotentWrite), acls);
        Assert.Contains(new AclRule("User:tool", new ResourcePattern(AclResourceType.TransactionalId, "tx-", AclPatternType.Prefixed), AclOperation.Write), acls);
        Assert.Contains(new AclRule("User:tool", new ResourcePattern(AclResourceType.Topic, "*"), AclOperation.All, AclPermissionType.Deny, "10.0.0.9"), acls);
    }

    [Theory]
    [InlineData("kind: KafkaUser\nmetadata: {name: a}\nspec: {authentication: {type: scram-sha-512}, authorization: {type: simple, acls: [{resource: {type: queue, name: q}, operations: [Read]}]}}", "resource type 'queue'")]
    [InlineData("kind: KafkaUser\nmetadata: {name: a}\nspec: {authentication: {type: scram-sha-512}, authorization: {type: simple, acls: [{resource: {type: topic, name: t}, operations: [Fly]}]}}", "unknown ACL operation 'Fly'")]
    [InlineData("kind: KafkaUser\nmetadata: {name: a}\nspec: {authentication: {type: oauth}}", "spec.authentication.type")]
    [InlineData("kind: KafkaUser\nspec: {authentication: {type: tls}}", "metadata.name")]
    [InlineData("kind: KafkaUser\nmetadata: {name: [unclosed", "line")]
    public void MalformedManifests_FailNamingTheProblemAndLine(string yaml, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => StrimziUsersFile.Load(Write(yaml)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(" line ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromStrimziUsers_DerivesCredentials_SkippingCommentsAndBlankLines()
    {
        var credentials = Write("# operator and gateway\n\nambient-operator:op:with:colons\nambient-gateway:gw-secret\n");

        var security = BrokerSecurity.FromStrimziUsers(s_usersYaml, credentials);

        Assert.Equal(["ambient-gateway", "ambient-operator"], security.Users.Keys.Order());
        Assert.True(security.Users["ambient-operator"].Matches(ScramMechanism.Sha512, "op:with:colons"));
        Assert.True(security.Users["ambient-gateway"].Iterations >= 4096);
        Assert.NotEmpty(security.Acls);
    }

    [Theory]
    [InlineData("stranger:s3cret-password\n", "user 'stranger' is not a KafkaUser")]
    [InlineData("ambient-gateway\n", "line 1: expected user:password")]
    [InlineData("ambient-gateway:a\nambient-gateway:s3cret-password\n", "line 2: user 'ambient-gateway' is given more than once")]
    public void FromStrimziUsers_RefusesUnknownUsersAndMalformedLines_WithoutEchoingPasswords(string content, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => BrokerSecurity.FromStrimziUsers(s_usersYaml, Write(content)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-password", error.Message, StringComparison.Ordinal);
    }

    private static string Write(string content)
    {
        var path = Path.Combine(TestDirectories.Create("security-files"), "file");
        File.WriteAllText(path, content);
        return path;
    }

    private static string FindRepositoryFile(string relative)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relative} was not found above {AppContext.BaseDirectory}.");
    }
}
