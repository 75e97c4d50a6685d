using System.Globalization;
using Ambient.Kafka.Topics;
using Ambient.Kafka.Configuration;
using Ambient.Testing;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ambient.Kafka.Tests;

public sealed class TopicInitializerTests(KafkaFixture kafka)
{
    [Fact]
    public async Task EnsureTopicsAsync_NoTopicsYet_CreatesEveryTopicWithLayoutPartitionsAndRetention()
    {
        var topics = UniqueTopics();
        using var host = TestHosts.Build(kafka);
        var initializer = host.Services.GetRequiredService<TopicInitializer>();

        var created = await initializer.EnsureTopicsAsync(topics, TopicLayout.Default, TestContext.Current.CancellationToken);

        Assert.Equal(TopicLayout.Default.Describe(topics).Select(t => t.Name), created);
        using var admin = kafka.AdminClient();
        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.ToDictionary(t => t.Topic, t => t.Partitions.Count);
        Assert.Equal(6, metadata[topics.GitHubEvents]);
        Assert.Equal(6, metadata[topics.SlackEvents]);
        Assert.Equal(6, metadata[topics.ClusterEvents]);
        Assert.Equal(6, metadata[topics.Actions]);
        Assert.Equal(3, metadata[topics.Audit]);
        Assert.Equal(3, metadata[topics.DeadLetter]);
        Assert.Equal(1, metadata[topics.Schedules]);
        Assert.Equal(metadata[topics.GitHubEvents], metadata[topics.Checkpoints]);
        Assert.Equal(1, metadata[topics.Control]);
        var checkpoints = (await admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Topic, Name = topics.Checkpoints }])).Single().Entries;
        Assert.Equal("compact", checkpoints["cleanup.policy"].Value);
        Assert.Equal(TimeSpan.FromDays(30), await RetentionAsync(admin, topics.Audit));
        Assert.Equal(TimeSpan.FromDays(7), await RetentionAsync(admin, topics.Actions));
        foreach (var large in new[] { topics.GitHubEvents, topics.SlackEvents, topics.ClusterEvents, topics.CustomEvents, topics.Unrouted, topics.DeadLetter })
        {
            Assert.Equal(RecordSizeLimits.EventRecordBytes, await MaxMessageBytesAsync(admin, large));
        }

        Assert.Equal(1048588, await MaxMessageBytesAsync(admin, topics.Actions));
    }

    [Fact]
    public async Task EnsureTopicsAsync_RunTwice_SecondCreatesNothingAndKeepsTopics()
    {
        var topics = UniqueTopics();
        var initializer = Initializer(kafka.BootstrapServers);
        var layout = new TopicLayout { EventPartitions = 2, ActionPartitions = 2 };
        await initializer.EnsureTopicsAsync(topics, layout, TestContext.Current.CancellationToken);

        var second = await initializer.EnsureTopicsAsync(topics, new TopicLayout { EventPartitions = 4 }, TestContext.Current.CancellationToken);

        Assert.Empty(second);
        using var admin = kafka.AdminClient();
        Assert.Equal(2, admin.GetMetadata(topics.GitHubEvents, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Count);
    }

    [Fact]
    public async Task EnsureTopicsAsync_SomeTopicsExist_ReturnsOnlyTheNewOnes()
    {
        var topics = UniqueTopics();
        topics.Audit = await kafka.CreateTopicAsync("audit-existing");

        var created = await Initializer(kafka.BootstrapServers).EnsureTopicsAsync(topics, TopicLayout.Default, TestContext.Current.CancellationToken);

        Assert.Equal(TopicLayout.Default.Describe(topics).Count - 1, created.Count);
        Assert.DoesNotContain(topics.Audit, created);
    }

    [Fact]
    public async Task EnsureTopicsAsync_UnreachableBroker_ThrowsNamingBrokerAndTopics()
    {
        var bootstrap = $"127.0.0.1:{KafkaRecordPublisherTests.UnusedPort()}";
        var initializer = Initializer(bootstrap, admin => admin["socket.timeout.ms"] = "1000");

        var error = await Assert.ThrowsAsync<KafkaOperationException>(() =>
            initializer.EnsureTopicsAsync(new AmbientTopics(), TopicLayout.Default, TestContext.Current.CancellationToken));

        Assert.Contains($"Could not create topics at {bootstrap}", error.Message, StringComparison.Ordinal);
        Assert.Contains("ambient.actions", error.Topics);
    }

    [Fact]
    public void Describe_DefaultLayout_CoversEveryAmbientTopicsName()
    {
        var topics = new AmbientTopics();
        // The inbox prefix is no topic; the ledger's application id is none either (its changelog is).
        var names = typeof(AmbientTopics).GetProperties()
            .Where(p => p.PropertyType == typeof(string) && p.Name is not nameof(AmbientTopics.A2aInboxPrefix) and not nameof(AmbientTopics.BudgetLedger))
            .Select(p => (string)p.GetValue(topics)!);

        var described = TopicLayout.Default.Describe(topics);

        Assert.Equal(names.Order(), described.Select(t => t.Name).Order());
        Assert.All(described, t => Assert.Equal(t.Name == topics.Checkpoints || t.Name == topics.A2aCards || t.Name == topics.AgentDrift || t.Name == topics.A2aTasks || t.Name == topics.Policy || t.Name == topics.Approvals
                || t.Name == topics.Budget || t.Name == topics.BudgetChangelog ? "compact"
            : t.Name == topics.ActionResults ? "compact,delete" : "delete", t.Configs["cleanup.policy"]));
        // The ledger outlives the actions it records (7 days) by as much again.
        Assert.Equal("1209600000", described.Single(t => t.Name == topics.ActionResults).Configs["retention.ms"]);
        Assert.Equal("2592000000", described.Single(t => t.Name == topics.Audit).Configs["retention.ms"]);
        Assert.Equal("604800000", described.Single(t => t.Name == topics.DeadLetter).Configs["retention.ms"]);
    }

    [Fact]
    public void Describe_WithAgents_AddsAnInboxPerAgentCoPartitionedWithTheEvents()
    {
        var topics = new AmbientTopics();

        var described = new TopicLayout { EventPartitions = 4, Agents = ["triage", "responder"] }.Describe(topics);

        Assert.Equal(4, described.Single(t => t.Name == "ambient.a2a.triage").Partitions);
        Assert.Equal(4, described.Single(t => t.Name == "ambient.a2a.responder").Partitions);
        Assert.Equal(4, described.Single(t => t.Name == topics.A2aReplies).Partitions);
        Assert.Equal(1, described.Single(t => t.Name == topics.A2aCards).Partitions);
    }

    [Fact]
    public void WithPrefix_EveryName_PrefixedAndBoundBackFromItsSettings()
    {
        var topics = AmbientTopics.WithPrefix("t1.");

        var bound = new ConfigurationBuilder().AddInMemoryCollection(topics.ToSettings()).Build().GetSection(AmbientTopics.SectionName).Get<AmbientTopics>()!;

        Assert.Equal(("t1.events.github", "t1.dlq", "t1.a2a.", "t1.a2a.replies.gateway"), (topics.GitHubEvents, topics.DeadLetter, topics.A2aInboxPrefix, topics.A2aGatewayReplies));
        Assert.All(TopicLayout.Default.Describe(topics), t => Assert.StartsWith("t1.", t.Name, StringComparison.Ordinal));
        Assert.Equivalent(topics, bound, strict: true);
    }

    [Fact]
    public void Describe_ZeroPartitions_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TopicLayout { AuditPartitions = 0 }.Describe(new AmbientTopics()));
    }

    private static TopicInitializer Initializer(string bootstrapServers, Action<IDictionary<string, string>>? admin = null)
    {
        var options = new AmbientKafkaOptions { BootstrapServers = bootstrapServers };
        admin?.Invoke(options.Admin);
        return new TopicInitializer(Options.Create(options), NullLogger<TopicInitializer>.Instance);
    }

    private static AmbientTopics UniqueTopics() => new()
    {
        GitHubEvents = KafkaFixture.UniqueName("init.github"),
        SlackEvents = KafkaFixture.UniqueName("init.slack"),
        ClusterEvents = KafkaFixture.UniqueName("init.cluster"),
        CustomEvents = KafkaFixture.UniqueName("init.custom"),
        Actions = KafkaFixture.UniqueName("init.actions"),
        ActionResults = KafkaFixture.UniqueName("init.results"),
        ActionEvents = KafkaFixture.UniqueName("init.outcomes"),
        DeadLetter = KafkaFixture.UniqueName("init.dlq"),
        Audit = KafkaFixture.UniqueName("init.audit"),
        Schedules = KafkaFixture.UniqueName("init.schedule"),
        Checkpoints = KafkaFixture.UniqueName("init.checkpoints"),
        Control = KafkaFixture.UniqueName("init.control"),
        Policy = KafkaFixture.UniqueName("init.policy"),
        Approvals = KafkaFixture.UniqueName("init.approvals"),
        ShadowActions = KafkaFixture.UniqueName("init.shadow"),
        Unrouted = KafkaFixture.UniqueName("init.unrouted"),
        A2aInboxPrefix = KafkaFixture.UniqueName("init.a2a") + ".",
        A2aReplies = KafkaFixture.UniqueName("init.replies"),
        A2aCards = KafkaFixture.UniqueName("init.cards"),
        AgentDrift = KafkaFixture.UniqueName("init.drift"),
        AgentEvents = KafkaFixture.UniqueName("init.agents"),
        A2aTasks = KafkaFixture.UniqueName("init.tasks"),
        A2aGatewayReplies = KafkaFixture.UniqueName("init.gwreplies"),
        BudgetRequests = KafkaFixture.UniqueName("init.budgetreq"),
        Budget = KafkaFixture.UniqueName("init.budget"),
        BudgetLedger = KafkaFixture.UniqueName("init.ledger"),
    };

    private static async Task<int> MaxMessageBytesAsync(Confluent.Kafka.IAdminClient admin, string topic)
    {
        var results = await admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Topic, Name = topic }]);
        return int.Parse(results.Single().Entries[RecordSizeLimits.TopicConfig].Value, CultureInfo.InvariantCulture);
    }

    private static async Task<TimeSpan> RetentionAsync(Confluent.Kafka.IAdminClient admin, string topic)
    {
        var results = await admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Topic, Name = topic }]);
        return TimeSpan.FromMilliseconds(long.Parse(results.Single().Entries["retention.ms"].Value, CultureInfo.InvariantCulture));
    }
}
