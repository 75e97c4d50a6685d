using Ambient.Broker.Security;

namespace Ambient.Broker.Tests.Security;

public sealed class AuthorizerTests
{
    private const string Alice = "User:alice";
    private const string Host = "10.0.0.1";

    [Fact]
    public void NoMatchingAcl_Refuses_AndASuperUserMayDoAnything()
    {
        var authorizer = new Authorizer([], ["User:admin"]);

        Assert.False(authorizer.IsAllowed(Alice, Host, AclOperation.Read, AclResourceType.Topic, "t"));
        Assert.True(authorizer.IsAllowed("User:admin", Host, AclOperation.Delete, AclResourceType.Topic, "t"));
        Assert.True(authorizer.IsAllowedOnAny("User:admin", Host, AclOperation.Write, AclResourceType.Topic));
    }

    [Theory]
    [InlineData(AclPatternType.Literal, "orders", "orders", true)]
    [InlineData(AclPatternType.Literal, "orders", "orders2", false)]
    [InlineData(AclPatternType.Literal, "*", "anything", true)]
    [InlineData(AclPatternType.Prefixed, "ambient.", "ambient.events", true)]
    [InlineData(AclPatternType.Prefixed, "ambient.", "ambient", false)]
    [InlineData(AclPatternType.Prefixed, "*", "anything", false)] // a prefixed "*" is the prefix "*", not a wildcard
    public void LiteralWildcardAndPrefixedPatterns(AclPatternType pattern, string aclName, string topic, bool allowed)
    {
        var authorizer = Rules(Allow(AclResourceType.Topic, aclName, pattern, AclOperation.Read));

        Assert.Equal(allowed, authorizer.IsAllowed(Alice, Host, AclOperation.Read, AclResourceType.Topic, topic));
    }

    [Fact]
    public void ResourceTypesAreSeparate()
    {
        var authorizer = Rules(Allow(AclResourceType.Group, "orders", AclPatternType.Literal, AclOperation.Read));

        Assert.True(authorizer.IsAllowed(Alice, Host, AclOperation.Read, AclResourceType.Group, "orders"));
        Assert.False(authorizer.IsAllowed(Alice, Host, AclOperation.Read, AclResourceType.Topic, "orders"));
    }

    [Fact]
    public void DenyBeatsAllow_ForItsOwnOperationOrAll()
    {
        var authorizer = Rules(
            Allow(AclResourceType.Topic, "ambient.", AclPatternType.Prefixed, AclOperation.All),
            Deny(AclResourceType.Topic, "ambient.audit", AclPatternType.Literal, AclOperation.Write),
            Deny(AclResourceType.Topic, "ambient.secret", AclPatternType.Literal, AclOperation.All));

        Assert.True(authorizer.IsAllowed(Alice, Host, AclOperation.Write, AclResourceType.Topic, "ambient.events"));
        Assert.False(authorizer.IsAllowed(Alice, Host, AclOperation.Write, AclResourceType.Topic, "ambient.audit"));
        Assert.True(authorizer.IsAllowed(Alice, Host, AclOperation.Read, AclResourceType.Topic, "ambient.audit")); // Deny Write only
        Assert.False(authorizer.IsAllowed(Alice, Host, AclOperation.Describe, AclResourceType.Topic, "ambient.secret"));
    }

    [Theory]
    [InlineData(AclOperation.Read, AclOperation.Describe, true)]
    [InlineData(AclOperation.Write, AclOperation.Describe, true)]
    [InlineData(AclOperation.Delete, AclOperation.Describe, true)]
    [InlineData(AclOperation.Alter, AclOperation.Describe, true)]
    [InlineData(AclOperation.AlterConfigs, AclOperation.DescribeConfigs, true)]
    [InlineData(AclOperation.All, AclOperation.IdempotentWrite, true)]
    [InlineData(AclOperation.Describe, AclOperation.Read, false)]
    [InlineData(AclOperation.Create, AclOperation.Describe, false)]
    [InlineData(AclOperation.DescribeConfigs, AclOperation.Describe, false)]
    [InlineData(AclOperation.Write, AclOperation.Read, false)]
    public void ImpliedOperations_AsKafka(AclOperation granted, AclOperation wanted, bool allowed)
    {
        var authorizer = Rules(Allow(AclResourceType.Topic, "t", AclPatternType.Literal, granted));

        Assert.Equal(allowed, authorizer.IsAllowed(Alice, Host, wanted, AclResourceType.Topic, "t"));
    }

    [Fact]
    public void DenyOfAnImplyingOperation_DoesNotDenyTheImpliedOne()
    {
        // Kafka matches a Deny on its own operation (or All) only: Deny Read leaves Describe granted by Write.
        var authorizer = Rules(
            Allow(AclResourceType.Topic, "t", AclPatternType.Literal, AclOperation.Write),
            Deny(AclResourceType.Topic, "t", AclPatternType.Literal, AclOperation.Read));

        Assert.True(authorizer.IsAllowed(Alice, Host, AclOperation.Describe, AclResourceType.Topic, "t"));
    }

    [Fact]
    public void EveryUserPrincipalAndHosts()
    {
        var authorizer = new Authorizer(
        [
            new AclRule(AclRule.AnyUser, new ResourcePattern(AclResourceType.Topic, "public"), AclOperation.Read),
            new AclRule(Alice, new ResourcePattern(AclResourceType.Topic, "office"), AclOperation.Read, Host: "10.0.0.1"),
        ], []);

        Assert.True(authorizer.IsAllowed("User:bob", Host, AclOperation.Read, AclResourceType.Topic, "public"));
        Assert.True(authorizer.IsAllowed(Alice, "10.0.0.1", AclOperation.Read, AclResourceType.Topic, "office"));
        Assert.False(authorizer.IsAllowed(Alice, "10.0.0.2", AclOperation.Read, AclResourceType.Topic, "office"));
    }

    [Fact]
    public void WriteOnAnyTopic_UnlessADenyCoversIt()
    {
        Assert.True(Rules(Allow(AclResourceType.Topic, "orders", AclPatternType.Literal, AclOperation.Write))
            .IsAllowedOnAny(Alice, Host, AclOperation.Write, AclResourceType.Topic));
        Assert.False(Rules(Allow(AclResourceType.Topic, "orders", AclPatternType.Literal, AclOperation.Read))
            .IsAllowedOnAny(Alice, Host, AclOperation.Write, AclResourceType.Topic));
        Assert.False(Rules(
                Allow(AclResourceType.Topic, "ambient.a", AclPatternType.Prefixed, AclOperation.Write),
                Deny(AclResourceType.Topic, "ambient.", AclPatternType.Prefixed, AclOperation.Write))
            .IsAllowedOnAny(Alice, Host, AclOperation.Write, AclResourceType.Topic));
        Assert.False(Rules(
                Allow(AclResourceType.Topic, "orders", AclPatternType.Literal, AclOperation.Write),
                Deny(AclResourceType.Topic, "*", AclPatternType.Literal, AclOperation.All))
            .IsAllowedOnAny(Alice, Host, AclOperation.Write, AclResourceType.Topic));
        Assert.True(Rules(
                Allow(AclResourceType.Topic, "ambient.", AclPatternType.Prefixed, AclOperation.Write),
                Deny(AclResourceType.Topic, "ambient.audit", AclPatternType.Literal, AclOperation.Write))
            .IsAllowedOnAny(Alice, Host, AclOperation.Write, AclResourceType.Topic));
    }

    private static Authorizer Rules(params AclRule[] rules) => new(rules, []);

    private static AclRule Allow(AclResourceType type, string name, AclPatternType pattern, AclOperation operation) =>
        new(Alice, new ResourcePattern(type, name, pattern), operation);

    private static AclRule Deny(AclResourceType type, string name, AclPatternType pattern, AclOperation operation) =>
        new(Alice, new ResourcePattern(type, name, pattern), operation, AclPermissionType.Deny);
}
