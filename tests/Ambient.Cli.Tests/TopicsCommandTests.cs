using System.Net;
using System.Net.Sockets;
using Ambient.Testing;
using Confluent.Kafka;

namespace Ambient.Cli.Tests;

public sealed class TopicsCommandTests
{
    private static readonly string[] s_topics =
        ["ambient.events.github", "ambient.events.slack", "ambient.events.cluster", "ambient.events.schedule", "ambient.actions", "ambient.dlq", "ambient.audit",
            "ambient.events.unrouted", "ambient.a2a.replies", "ambient.a2a.replies.gateway", "ambient.a2a.cards", "ambient.a2a.tasks", "ambient.policy", "ambient.approvals",
            "ambient.budget.requests", "ambient.budget", "ambient.budget.ledger-budgets-changelog"];

    [Fact]
    public async Task TopicsInit_EmbeddedBroker_CreatesTopicsThenReportsThemPresent()
    {
        var dataDirectory = TestDirectories.Create("cli-topics");
        await using var broker = await EmbeddedBrokers.StartAsync(dataDirectory);

        var (firstExit, firstOutput) = await RunAsync(dataDirectory, "topics", "init", "--bootstrap", broker.BootstrapServers);
        var (secondExit, secondOutput) = await RunAsync(dataDirectory, "topics", "init", "--bootstrap", broker.BootstrapServers);

        Assert.Equal(0, firstExit);
        Assert.All(s_topics, topic => Assert.Contains($"created  {topic} (", firstOutput, StringComparison.Ordinal));
        Assert.Contains("created  ambient.events.schedule (1 partition)", firstOutput, StringComparison.Ordinal);
        Assert.Contains("25 created, 0 already present", firstOutput, StringComparison.Ordinal);
        Assert.Equal(0, secondExit);
        Assert.All(s_topics, topic => Assert.Contains($"present  {topic}", secondOutput, StringComparison.Ordinal));
        Assert.Contains("0 created, 25 already present", secondOutput, StringComparison.Ordinal);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build();
        var partitions = admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.ToDictionary(t => t.Topic, t => t.Partitions.Count);
        Assert.Equal((6, 6, 3, 3, 1), (partitions["ambient.events.github"], partitions["ambient.actions"], partitions["ambient.audit"], partitions["ambient.dlq"], partitions["ambient.events.schedule"]));
    }

    [Fact]
    public async Task TopicsInit_WithAgentsDirectory_CreatesEachAgentsA2aInbox()
    {
        var dataDirectory = TestDirectories.Create("cli-topics-agents");
        await using var broker = await EmbeddedBrokers.StartAsync(dataDirectory);

        var (exit, output) = await RunAsync(dataDirectory, "topics", "init", "--bootstrap", broker.BootstrapServers,
            "--agents", Path.Combine(AppContext.BaseDirectory, "agents"));

        Assert.Equal(0, exit);
        Assert.Contains("created  ambient.a2a.slack-helper (6 partitions)", output, StringComparison.Ordinal);
        Assert.Contains("created  ambient.a2a.incident-responder (6 partitions)", output, StringComparison.Ordinal);
        Assert.Contains("29 created, 0 already present", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TopicsInit_UnreachableBroker_ExitsWithKafkaErrorAndHint()
    {
        var directory = TestDirectories.Create("cli-topics-down");
        var bootstrap = $"127.0.0.1:{UnusedPort()}";

        var (exit, output) = await RunAsync(directory, "topics", "init", "--bootstrap", bootstrap, "--timeout-ms", "1000");

        Assert.Equal(5, exit);
        Assert.Contains($"error: Could not create topics at {bootstrap}", output, StringComparison.Ordinal);
        Assert.Contains($"Is a Kafka broker running at {bootstrap}?", output, StringComparison.Ordinal);
    }

    internal static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, params string[] arguments)
    {
        using var ambient = AmbientProcess.Start(workingDirectory, "\0never", arguments);
        var exitCode = await ambient.WaitForExitAsync();
        return (exitCode, ambient.Output);
    }

    internal static int UnusedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
