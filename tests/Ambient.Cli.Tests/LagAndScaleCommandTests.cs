using System.Text.Json;
using Ambient.Broker;
using Ambient.Testing;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Ambient.Cli.Tests;

/// <summary>
/// <c>ambient lag</c> and <c>ambient scale</c> run as processes against the embedded broker, on a 4-partition topic
/// holding 20, 10, 5 and 0 records, where the group committed 5 on partition 0, 10 on partition 1 and nothing on 2 and 3.
/// Expected numbers come from KEDA's rules: lag = end - committed; uncommitted = 1 (latest), end (earliest) or 0
/// (scaleToZeroOnInvalidOffset); metric capped at bound × threshold when total / threshold (integer) exceeds the
/// bound; replicas = ceil(metric / threshold) within [max(min, 1), max], or min when not above activation.
/// </summary>
public sealed class LagAndScaleCommandTests(LagAndScaleCommandTests.PartlyCommittedGroup fixture) : IClassFixture<LagAndScaleCommandTests.PartlyCommittedGroup>
{
    private const string Group = PartlyCommittedGroup.Group;
    private readonly string _directory = fixture.Directory;
    private readonly KafkaBroker _broker = fixture.Broker!;
    private readonly string _topic = fixture.Topic;

    [Theory]
    [InlineData("latest", false, new long[] { 15, 0, 1, 1 }, 17L)]
    [InlineData("earliest", false, new long[] { 15, 0, 5, 0 }, 20L)]
    [InlineData("latest", true, new long[] { 15, 0, 0, 0 }, 15L)]
    public async Task Lag_PartlyCommittedGroup_CountsEachPartitionAsKeda(string policy, bool scaleToZero, long[] lags, long total)
    {
        string[] extra = scaleToZero ? ["--scale-to-zero-on-invalid-offset"] : [];

        var json = await RunJsonAsync(["lag", "--group", Group, "--topic", _topic, "--offset-reset-policy", policy, .. extra]);

        Assert.Equal(total, json.GetProperty("totalLag").GetInt64());
        var partitions = json.GetProperty("partitions").EnumerateArray().ToList();
        Assert.Equal(lags, partitions.Select(p => p.GetProperty("lag").GetInt64()));
        Assert.Equal([20L, 10L, 5L, 0L], partitions.Select(p => p.GetProperty("end").GetInt64()));
        Assert.Equal([5L, 10L, (long?)null, null], partitions.Select(p => p.GetProperty("committed").ValueKind == JsonValueKind.Null ? null : (long?)p.GetProperty("committed").GetInt64()));
    }

    [Theory]
    [InlineData("under the cap", 5, 4, new string[0])]
    [InlineData("capped at 4 partitions", 2, 4, new string[0])]
    [InlineData("idle consumers allowed", 2, 9, new[] { "--allow-idle-consumers" })]
    [InlineData("idle consumers, max replicas", 2, 6, new[] { "--allow-idle-consumers", "--max-replicas", "6" })]
    [InlineData("3 partitions with lag", 2, 3, new[] { "--limit-to-partitions-with-lag" })]
    [InlineData("1 partition with lag", 2, 1, new[] { "--limit-to-partitions-with-lag", "--scale-to-zero-on-invalid-offset" })]
    [InlineData("inactive below activation", 5, 0, new[] { "--activation-lag-threshold", "17" })]
    [InlineData("active above activation", 5, 4, new[] { "--activation-lag-threshold", "16" })]
    [InlineData("earliest, capped", 4, 4, new[] { "--offset-reset-policy", "earliest" })]
    public async Task Scale_PartlyCommittedGroup_AsksForWhatKedaWould(string scenario, int threshold, int replicas, string[] options)
    {
        var json = await RunJsonAsync(["scale", "--group", Group, "--topic", _topic, "--lag-threshold", $"{threshold}", .. options]);

        Assert.True(replicas == json.GetProperty("desiredReplicas").GetInt32(), $"{scenario}: {json}");
    }

    [Fact]
    public async Task Scale_NoTopicGiven_UsesTheTopicsTheGroupCommitted()
    {
        var json = await RunJsonAsync(["scale", "--group", Group, "--lag-threshold", "5"]);

        Assert.Equal(17, json.GetProperty("totalLag").GetInt64());
        Assert.All(json.GetProperty("partitions").EnumerateArray(), p => Assert.Equal(_topic, p.GetProperty("topic").GetString()));
        Assert.Equal(4, json.GetProperty("desiredReplicas").GetInt32());
    }

    [Fact]
    public async Task Scale_UnknownGroupNoTopic_ReportsNoPartitionsAndZeroReplicas()
    {
        var json = await RunJsonAsync(["scale", "--group", "nobody", "--lag-threshold", "5"]);

        Assert.Equal((0L, 0), (json.GetProperty("totalLag").GetInt64(), json.GetProperty("desiredReplicas").GetInt32()));
    }

    [Theory]
    [InlineData("lagThreshold must be greater than 0", "--lag-threshold", "0")]
    [InlineData("limitToPartitionsWithLag needs a topic", "--lag-threshold", "5", "--limit-to-partitions-with-lag")]
    public async Task Scale_SettingsKedaRejects_ExitsWithInvalidArguments(string message, params string[] options)
    {
        var (exit, output) = await TopicsCommandTests.RunAsync(_directory, ["scale", "--group", Group, "--bootstrap", _broker.BootstrapServers, .. options]);

        Assert.Equal(2, exit);
        Assert.Contains($"error: {message}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lag_HumanOutput_PrintsTableAndTotal()
    {
        var (exit, output) = await TopicsCommandTests.RunAsync(_directory, "lag", "--group", Group, "--topic", _topic, "--bootstrap", _broker.BootstrapServers);

        Assert.Equal(0, exit);
        Assert.Contains("no committed offset, offsetResetPolicy latest: 1", output, StringComparison.Ordinal);
        Assert.Contains($"group {Group}: total lag 17 over 4 partition(s).", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lag_TopicDoesNotExist_ExitsWithKafkaErrorNamingIt()
    {
        var (exit, output) = await TopicsCommandTests.RunAsync(_directory, "lag", "--group", Group, "--topic", "no-such-topic", "--bootstrap", _broker.BootstrapServers);

        Assert.Equal(5, exit);
        Assert.Contains("no-such-topic", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lag_UnreachableBroker_ExitsWithKafkaErrorAndHint()
    {
        var bootstrap = $"127.0.0.1:{TopicsCommandTests.UnusedPort()}";

        var (exit, output) = await TopicsCommandTests.RunAsync(_directory, "lag", "--group", Group, "--bootstrap", bootstrap, "--timeout-ms", "1000");

        Assert.Equal(5, exit);
        Assert.Contains($"Is a Kafka broker running at {bootstrap}?", output, StringComparison.Ordinal);
    }

    private async Task<JsonElement> RunJsonAsync(string[] arguments)
    {
        using var ambient = AmbientProcess.Start(_directory, "\0never", [.. arguments, "--json", "--bootstrap", _broker.BootstrapServers]);
        var exit = await ambient.WaitForExitAsync();
        Assert.True(exit == 0, $"ambient {string.Join(' ', arguments)} exited {exit}:\n{ambient.Output}");
        var output = ambient.Output;
        var json = output[output.IndexOf('{', StringComparison.Ordinal)..(output.LastIndexOf('}') + 1)];
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    /// <summary>One broker for the class: the 4-partition topic and the group's commits described above.</summary>
    public sealed class PartlyCommittedGroup : IAsyncLifetime
    {
        public const string Group = "lag-group";
        private static readonly int[] s_recordsPerPartition = [20, 10, 5, 0];

        public string Directory { get; } = TestDirectories.Create("cli-lag");

        public KafkaBroker? Broker { get; private set; }

        public string Topic { get; private set; } = string.Empty;

        public async ValueTask InitializeAsync()
        {
            Broker = await EmbeddedBrokers.StartAsync(Directory);
            Topic = $"lag-{Guid.NewGuid():N}"[..16];
            using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = Broker.BootstrapServers }).Build())
            {
                await admin.CreateTopicsAsync([new TopicSpecification { Name = Topic, NumPartitions = 4, ReplicationFactor = 1 }]);
            }

            using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = Broker.BootstrapServers, LingerMs = 5 }).Build())
            {
                for (var partition = 0; partition < s_recordsPerPartition.Length; partition++)
                {
                    for (var i = 0; i < s_recordsPerPartition[partition]; i++)
                    {
                        producer.Produce(new TopicPartition(Topic, partition), new Message<Null, string> { Value = $"record {i}" });
                    }
                }

                producer.Flush(TimeSpan.FromSeconds(30));
            }

            using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = Broker.BootstrapServers, GroupId = Group }).Build();
            consumer.Commit([new TopicPartitionOffset(Topic, 0, 5), new TopicPartitionOffset(Topic, 1, 10)]);
        }

        public async ValueTask DisposeAsync()
        {
            if (Broker is not null)
            {
                await Broker.DisposeAsync();
            }
        }
    }
}
