using Ambient.Governance.State;
using Ambient.Kafka.Configuration;
using Ambient.Testing;

namespace Ambient.Cli.Tests;

/// <summary><c>ambient pause|resume</c> write the kill switch onto the governance topic, where every worker and executor reads it.</summary>
public sealed class PauseCommandTests
{
    [Fact]
    public async Task PauseThenResume_AnAgent_IsRecordedWithItsReasonThenLifted()
    {
        var directory = TestDirectories.Create("cli-pause");
        await using var broker = await EmbeddedBrokers.StartAsync(directory);
        await TopicsCommandTests.RunAsync(directory, "topics", "init", "--bootstrap", broker.BootstrapServers);
        var kafka = new AmbientKafkaOptions { BootstrapServers = broker.BootstrapServers };

        var (pauseExit, paused) = await TopicsCommandTests.RunAsync(directory, "pause", "--agent", "github-triage", "--reason", "labels gone wild", "--bootstrap", broker.BootstrapServers);
        var whilePaused = await GovernanceReader.ReadAsync(kafka, "ambient.policy", TestContext.Current.CancellationToken);
        var (resumeExit, _) = await TopicsCommandTests.RunAsync(directory, "resume", "--agent", "github-triage", "--bootstrap", broker.BootstrapServers);
        var afterwards = await GovernanceReader.ReadAsync(kafka, "ambient.policy", TestContext.Current.CancellationToken);

        Assert.Equal((0, 0), (pauseExit, resumeExit));
        Assert.Contains("paused agent github-triage", paused, StringComparison.Ordinal);
        Assert.Equal("labels gone wild", whilePaused.PauseOf("github-triage")!.Reason);
        Assert.Null(whilePaused.PauseOf("weekly-digest"));
        Assert.Null(afterwards.PauseOf("github-triage"));
    }

    [Theory]
    [InlineData("pause")]
    [InlineData("pause", "--agent", "a", "--all")]
    [InlineData("resume", "--agent", "")]
    public async Task Pause_WithoutExactlyOneOfAgentAndAll_IsRefused(params string[] arguments)
    {
        var (exit, output) = await TopicsCommandTests.RunAsync(TestDirectories.Create("cli-pause-args"), [.. arguments, "--bootstrap", "127.0.0.1:1"]);

        Assert.Equal(2, exit);
        Assert.Contains("give exactly one of --agent NAME and --all", output, StringComparison.Ordinal);
    }
}
