using Confluent.Kafka;
using Confluent.Kafka.Admin;
using ErrorCode = Ambient.Broker.Protocol.ErrorCode;

namespace Ambient.Broker.Tests.Security;

/// <summary>Every API's ACL check, allowed and refused with Kafka's error code (see <see cref="AclBrokerFixture"/> for who may do what).</summary>
public sealed class AclTests(AclBrokerFixture fixture) : IClassFixture<AclBrokerFixture>
{
    [Fact]
    public async Task Produce_NeedsWriteOnTheTopic_AndDenyBeatsAllow()
    {
        using var alice = await fixture.AliceAsync();

        Assert.Equal(ErrorCode.None, await alice.ProduceAsync("allowed.t"));
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, await alice.ProduceAsync("describe-only"));
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, await alice.ProduceAsync("allowed.denied")); // prefixed Allow, literal Deny
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, await alice.ProduceAsync("secret"));
    }

    [Fact]
    public async Task Fetch_NeedsRead()
    {
        using var alice = await fixture.AliceAsync();

        Assert.Equal(ErrorCode.None, await alice.FetchAsync("allowed.denied")); // Deny Write leaves Read (and nothing was produced to it)
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, await alice.FetchAsync("describe-only"));
    }

    [Fact]
    public async Task ListOffsetsAndOffsetForLeaderEpoch_NeedDescribe()
    {
        using var alice = await fixture.AliceAsync();

        Assert.Equal(ErrorCode.None, await alice.ListOffsetsAsync("describe-only"));
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, await alice.ListOffsetsAsync("secret"));
        Assert.Equal(ErrorCode.None, await alice.OffsetForLeaderEpochAsync("describe-only"));
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, await alice.OffsetForLeaderEpochAsync("secret"));
    }

    [Fact]
    public async Task Metadata_HidesUndescribableTopicsFromTheList_AndRefusesThemByName()
    {
        using var alice = await fixture.AliceAsync();

        var all = await alice.MetadataAsync(null);
        var named = await alice.MetadataAsync(["secret", "describe-only", "secret-missing"]);

        Assert.Contains("allowed.t", all.Keys);
        Assert.Contains("describe-only", all.Keys);
        Assert.DoesNotContain("secret", all.Keys);
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, named["secret"]);
        Assert.Equal(ErrorCode.None, named["describe-only"]);
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, named["secret-missing"]); // existence is not revealed either
    }

    [Fact]
    public async Task Metadata_AutoCreate_NeedsCreateOnTheTopicOrCluster()
    {
        using var alice = await fixture.AliceAsync();
        using var admin = await fixture.ConnectAsync(SecureBrokers.Admin, SecureBrokers.AdminPassword);
        await admin.MetadataAsync(["allowed.x"]); // alice may Describe other.auto only if some ACL says so: none does

        var answer = await alice.MetadataAsync(["allowed.auto", "describe-only-not"], allowAutoCreate: true);
        var aliceCannotDescribe = await admin.MetadataAsync(["describe-only-not"]);

        Assert.Equal(ErrorCode.None, answer["allowed.auto"]); // Create on the prefix
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, answer["describe-only-not"]);
        Assert.Equal(ErrorCode.UnknownTopicOrPartition, aliceCannotDescribe["describe-only-not"]); // not created
    }

    [Fact]
    public async Task FindCoordinator_NeedsDescribeOnTheGroupOrTransactionalId()
    {
        using var alice = await fixture.AliceAsync();

        Assert.Equal(ErrorCode.None, await alice.FindCoordinatorAsync("alice-g"));
        Assert.Equal(ErrorCode.None, await alice.FindCoordinatorAsync("view-only"));
        Assert.Equal(ErrorCode.GroupAuthorizationFailed, await alice.FindCoordinatorAsync("bob-g"));
        Assert.Equal(ErrorCode.TransactionalIdAuthorizationFailed, await alice.FindCoordinatorAsync("tx", keyType: 1));
    }

    [Fact]
    public async Task GroupMembership_NeedsReadOnTheGroup()
    {
        using var alice = await fixture.AliceAsync();

        Assert.Equal(ErrorCode.MemberIdRequired, await alice.JoinGroupAsync("alice-join"));
        Assert.Equal(ErrorCode.GroupAuthorizationFailed, await alice.JoinGroupAsync("view-only")); // Describe is not Read
        Assert.NotEqual(ErrorCode.GroupAuthorizationFailed, await alice.SyncGroupAsync("alice-join"));
        Assert.Equal(ErrorCode.GroupAuthorizationFailed, await alice.SyncGroupAsync("bob-g"));
        Assert.NotEqual(ErrorCode.GroupAuthorizationFailed, await alice.HeartbeatAsync("alice-join"));
        Assert.Equal(ErrorCode.GroupAuthorizationFailed, await alice.HeartbeatAsync("bob-g"));
        Assert.NotEqual(ErrorCode.GroupAuthorizationFailed, await alice.LeaveGroupAsync("alice-join"));
        Assert.Equal(ErrorCode.GroupAuthorizationFailed, await alice.LeaveGroupAsync("bob-g"));
        Assert.Equal(ErrorCode.UnsupportedVersion, await alice.ConsumerGroupHeartbeatAsync("alice-join"));
        Assert.Equal(ErrorCode.GroupAuthorizationFailed, await alice.ConsumerGroupHeartbeatAsync("bob-g"));
    }

    [Fact]
    public async Task OffsetCommit_NeedsReadOnTheGroupAndTheTopic()
    {
        using var alice = await fixture.AliceAsync();

        Assert.Equal(ErrorCode.None, await alice.OffsetCommitAsync("alice-commit", "allowed.t"));
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, await alice.OffsetCommitAsync("alice-commit", "describe-only"));
        Assert.Equal(ErrorCode.GroupAuthorizationFailed, await alice.OffsetCommitAsync("bob-commit", "allowed.t"));
    }

    [Fact]
    public async Task OffsetFetch_NeedsDescribeOnTheGroup_AndHidesUndescribableTopics()
    {
        using var admin = await fixture.ConnectAsync(SecureBrokers.Admin, SecureBrokers.AdminPassword);
        Assert.Equal(ErrorCode.None, await admin.OffsetCommitAsync("view-only", "allowed.t"));
        Assert.Equal(ErrorCode.None, await admin.OffsetCommitAsync("view-only", "secret"));
        using var alice = await fixture.AliceAsync();

        var all = await alice.OffsetFetchAsync("view-only", null);
        var named = await alice.OffsetFetchAsync("view-only", "secret");
        var otherGroup = await alice.OffsetFetchAsync("bob-g", "allowed.t");

        Assert.Equal(ErrorCode.None, all.Group);
        Assert.Equal(["allowed.t"], all.Topics.Keys);
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, named.Topics["secret"]);
        Assert.Equal(ErrorCode.GroupAuthorizationFailed, otherGroup.Group);
    }

    [Fact]
    public async Task ListGroupsShowsDescribableGroups_AndDescribeGroupsNeedsDescribe()
    {
        using var admin = await fixture.ConnectAsync(SecureBrokers.Admin, SecureBrokers.AdminPassword);
        await admin.OffsetCommitAsync("view-only", "allowed.t");
        await admin.OffsetCommitAsync("bob-listed", "allowed.t");
        using var alice = await fixture.AliceAsync();

        var visible = await alice.ListGroupsAsync();

        Assert.Contains("view-only", visible);
        Assert.DoesNotContain("bob-listed", visible);
        Assert.Contains("bob-listed", await admin.ListGroupsAsync()); // a super user (or cluster Describe) sees all
        Assert.Equal(ErrorCode.None, await alice.DescribeGroupAsync("view-only"));
        Assert.Equal(ErrorCode.GroupAuthorizationFailed, await alice.DescribeGroupAsync("bob-listed"));
    }

    [Fact]
    public async Task CreateAndDeleteTopics_NeedCreateAndDelete()
    {
        using var alice = await fixture.AliceAsync();

        Assert.Equal(ErrorCode.None, await alice.CreateTopicAsync("allowed.created"));
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, await alice.CreateTopicAsync("elsewhere"));
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, await alice.DeleteTopicAsync("secret"));
        Assert.Equal(ErrorCode.None, await alice.DeleteTopicAsync("allowed.created"));
    }

    [Fact]
    public async Task DescribeConfigs_NeedsDescribeConfigsOnTheTopicOrCluster()
    {
        using var alice = await fixture.AliceAsync();

        Assert.Equal(ErrorCode.None, await alice.DescribeConfigsAsync(2, "allowed.t"));
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, await alice.DescribeConfigsAsync(2, "describe-only"));
        Assert.Equal(ErrorCode.ClusterAuthorizationFailed, await alice.DescribeConfigsAsync(4, "0"));
    }

    [Fact]
    public async Task InitProducerId_NeedsWriteOnSomeTopic_OrWriteOnTheTransactionalId()
    {
        using var alice = await fixture.AliceAsync();
        using var bob = await fixture.ConnectAsync("bob", "bob-secret");
        using var carol = await fixture.ConnectAsync("carol", "carol-secret");

        Assert.Equal(ErrorCode.None, await alice.InitProducerIdAsync());
        Assert.Equal(ErrorCode.None, await bob.InitProducerIdAsync()); // Write on one literal topic implies IdempotentWrite (KIP-679)
        Assert.Equal(ErrorCode.ClusterAuthorizationFailed, await carol.InitProducerIdAsync());
        Assert.Equal(ErrorCode.TransactionalIdAuthorizationFailed, await alice.InitProducerIdAsync("tx"));
    }

    [Fact]
    public async Task ConfluentKafka_AdminMetadataListsOnlyDescribableTopics_AndProduceIsRefused()
    {
        var config = SecureBrokers.Sasl(new AdminClientConfig(), fixture.Broker, SecureBrokers.Alice, SecureBrokers.AlicePassword);
        using var admin = new AdminClientBuilder(config).Build();
        var topics = admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.Select(t => t.Topic).ToList();
        Assert.Contains("allowed.t", topics);
        Assert.DoesNotContain("secret", topics);

        using var producer = new ProducerBuilder<Null, string>(SecureBrokers.Sasl(new ProducerConfig { EnableIdempotence = true },
            fixture.Broker, SecureBrokers.Alice, SecureBrokers.AlicePassword)).Build();
        var refused = await Assert.ThrowsAsync<ProduceException<Null, string>>(() =>
            producer.ProduceAsync("describe-only", new Message<Null, string> { Value = "x" }, TestContext.Current.CancellationToken));
        Assert.Equal(Confluent.Kafka.ErrorCode.TopicAuthorizationFailed, refused.Error.Code);

        var created = await Assert.ThrowsAsync<CreateTopicsException>(() =>
            admin.CreateTopicsAsync([new TopicSpecification { Name = "elsewhere2", NumPartitions = 1, ReplicationFactor = 1 }]));
        Assert.Equal(Confluent.Kafka.ErrorCode.TopicAuthorizationFailed, created.Results[0].Error.Code);
    }

    [Fact]
    public async Task ConfluentKafka_ConsumerOfARefusedGroup_GetsGroupAuthorizationFailed()
    {
        using var consumer = new ConsumerBuilder<Ignore, string>(SecureBrokers.Sasl(new ConsumerConfig { GroupId = "bob-group" },
            fixture.Broker, SecureBrokers.Alice, SecureBrokers.AlicePassword)).Build();
        consumer.Subscribe("allowed.t");

        var error = await Task.Run(() =>
        {
            for (var attempt = 0; attempt < 60; attempt++) // hang guard: each Consume waits at most a second
            {
                try
                {
                    consumer.Consume(TimeSpan.FromSeconds(1));
                }
                catch (ConsumeException ex)
                {
                    return ex.Error.Code;
                }
            }

            return Confluent.Kafka.ErrorCode.NoError;
        }, TestContext.Current.CancellationToken);

        Assert.Equal(Confluent.Kafka.ErrorCode.GroupAuthorizationFailed, error);
    }
}
