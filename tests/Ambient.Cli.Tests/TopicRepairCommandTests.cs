using System.Globalization;
using Ambient.Testing;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Ambient.Cli.Tests;

/// <summary>
/// A checkpoints topic that Kafka auto-created (1 partition, cleanup.policy=delete) before <c>ambient topics init</c> ran:
/// init and up refuse it with one error saying how to fix it, and <c>--repair</c> fixes it where no record is lost.
/// </summary>
public sealed class TopicRepairCommandTests
{
    private const string Checkpoints = "ambient.checkpoints";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TopicsInit_CheckpointsAutoCreatedAndEmpty_RefusedWithTheFixThenRepairedByRepair()
    {
        var directory = TestDirectories.Create("cli-topics-repair");
        await using var broker = await EmbeddedBrokers.StartAsync(directory);
        await AutoCreatedCheckpointsAsync(broker.BootstrapServers);

        var (refused, refusal) = await TopicsCommandTests.RunAsync(directory, "topics", "init", "--bootstrap", broker.BootstrapServers);
        var (repaired, repair) = await TopicsCommandTests.RunAsync(directory, "topics", "init", "--bootstrap", broker.BootstrapServers, "--repair");

        Assert.True(refused == 7, refusal);
        Assert.Contains($"topic '{Checkpoints}' has 1 partition, cleanup.policy=delete, 0 records; it needs at least 6 partitions (one for each partition of ambient.events.github (6)",
            refusal, StringComparison.Ordinal);
        Assert.Contains($"It is empty: `ambient topics init --repair --bootstrap {broker.BootstrapServers}", refusal, StringComparison.Ordinal);
        Assert.True(repaired == 0, repair);
        Assert.Contains($"repaired     {Checkpoints}: was empty (1 partition, cleanup.policy=delete, 0 records): deleted and created again with 6 partitions, cleanup.policy=compact",
            repair, StringComparison.Ordinal);
        Assert.Equal((6, "compact"), await DescribeAsync(broker.BootstrapServers));
    }

    [Fact]
    public async Task TopicsInit_CheckpointsWithARecordOnABrokerWithoutCreatePartitions_RepairKeepsItAndSaysHowToFixIt()
    {
        var directory = TestDirectories.Create("cli-topics-keep");
        await using var broker = await EmbeddedBrokers.StartAsync(directory);
        await AutoCreatedCheckpointsAsync(broker.BootstrapServers);
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = broker.BootstrapServers }).Build())
        {
            await producer.ProduceAsync(new TopicPartition(Checkpoints, 0), new Message<string, string> { Key = "github-triage-0123456789abcdef", Value = "a run" }, Cancellation);
        }

        var (exit, output) = await TopicsCommandTests.RunAsync(directory, "topics", "init", "--bootstrap", broker.BootstrapServers, "--repair");

        Assert.True(exit == 7, output);
        Assert.Contains($"NOT repaired {Checkpoints}: could not add partitions (", output, StringComparison.Ordinal);
        Assert.Contains("it holds 1 record, so it is not recreated", output, StringComparison.Ordinal);
        Assert.Contains($"kafka-topics.sh --bootstrap-server {broker.BootstrapServers} --alter --topic {Checkpoints} --partitions 6", output, StringComparison.Ordinal);
        Assert.Contains($"--entity-name {Checkpoints} --add-config cleanup.policy=compact", output, StringComparison.Ordinal);
        Assert.Equal((1, "delete"), await DescribeAsync(broker.BootstrapServers));
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = broker.BootstrapServers, GroupId = "count" }).Build();
        Assert.Equal(1, consumer.QueryWatermarkOffsets(new TopicPartition(Checkpoints, 0), TimeSpan.FromSeconds(10)).High.Value);
    }

    [Fact]
    public async Task Up_CheckpointsAutoCreatedWithOnePartition_ExitsWithTheFixAndRepairTopicsStartsIt()
    {
        var workDirectory = TestDirectories.Create("cli-up-repair");
        var agents = Path.Combine(workDirectory, "agents");
        Directory.CreateDirectory(agents);
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "agents")))
        {
            File.Copy(file, Path.Combine(agents, Path.GetFileName(file)));
        }

        await using (var before = await EmbeddedBrokers.StartAsync(Path.Combine(workDirectory, ".ambient", "broker")))
        {
            await AutoCreatedCheckpointsAsync(before.BootstrapServers);
        }

        var listen = $"127.0.0.1:{TopicsCommandTests.UnusedPort()}";
        var http = TopicsCommandTests.UnusedPort().ToString(CultureInfo.InvariantCulture);
        using var refused = AmbientProcess.Start(workDirectory, "Press Ctrl+C to stop.", "up", "--listen", listen, "--http-port", http, "--console-port", "0");
        var refusedExit = await refused.WaitForExitAsync();
        using var repaired = AmbientProcess.Start(workDirectory, "Press Ctrl+C to stop.", "up", "--listen", listen, "--http-port", http, "--console-port", "0", "--repair-topics");
        await repaired.WaitUntilReadyAsync();
        var repairedExit = await repaired.TerminateAsync();

        Assert.True(refusedExit == 7, refused.Output);
        Assert.Contains($"topic '{Checkpoints}' has 1 partition, cleanup.policy=delete, 0 records", refused.Output, StringComparison.Ordinal);
        Assert.Contains("It is empty: `ambient up --repair-topics` deletes it and creates it again as needed.", refused.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Ambient is up.", refused.Output, StringComparison.Ordinal);
        Assert.Contains($"repaired     {Checkpoints}: was empty", repaired.Output, StringComparison.Ordinal);
        Assert.Equal(0, repairedExit);
    }

    /// <summary>The checkpoints topic as Kafka's auto-creation makes it: the broker's default partitions (1) and cleanup.policy.</summary>
    private static async Task AutoCreatedCheckpointsAsync(string bootstrap)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = Checkpoints, NumPartitions = 1, ReplicationFactor = 1 }]);
    }

    private static async Task<(int Partitions, string Policy)> DescribeAsync(string bootstrap)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        var partitions = admin.GetMetadata(Checkpoints, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Count;
        var configs = await admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Topic, Name = Checkpoints }]);
        return (partitions, configs.Single().Entries["cleanup.policy"].Value);
    }
}
