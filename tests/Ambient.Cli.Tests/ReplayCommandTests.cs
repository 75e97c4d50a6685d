using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Ambient.Testing;
using Confluent.Kafka;

namespace Ambient.Cli.Tests;

/// <summary>
/// <c>ambient replay</c> never acts unless asked twice: its actions go to the shadow topic by default, and to the live
/// actions topic only with <c>--live-actions --confirm-live-actions</c>. Each test replays the one recorded run of the
/// fixture's <c>ambient up</c> and compares the topics before and after.
/// </summary>
public sealed class ReplayCommandTests(ReplayCommandTests.RecordedRun recorded) : IClassFixture<ReplayCommandTests.RecordedRun>
{
    private const string Live = "ambient.actions";
    private const string Shadow = "ambient.actions.shadow";

    [Fact]
    public async Task Replay_RecordedWithoutShadowFlag_WritesToTheShadowTopicAndNothingLive()
    {
        var (live, shadow) = (Count(Live), Count(Shadow));

        var (exit, output) = await ReplayAsync();

        Assert.Equal((live, shadow + 3), (Count(Live), Count(Shadow)));
        Assert.True(exit == 0, output);
        Assert.Contains("Determinism check passed", output, StringComparison.Ordinal);
        Assert.Contains($"(recorded, shadow): 1 events, actions to {Shadow}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_ShadowFlag_StillAcceptedAndStillShadow()
    {
        var (live, shadow) = (Count(Live), Count(Shadow));

        var (exit, output) = await ReplayAsync("--shadow");

        Assert.True(exit == 0, output);
        Assert.Equal((live, shadow + 3), (Count(Live), Count(Shadow)));
    }

    [Fact]
    public async Task Replay_LiveActionsWithoutConfirmation_RefusedNamingTheConfirmationAndWritesNothing()
    {
        var (live, shadow) = (Count(Live), Count(Shadow));

        var (exit, output) = await ReplayAsync("--live-actions");

        Assert.Equal(2, exit);
        Assert.Contains("error: --live-actions writes the replay's actions to the live actions topic, where executors carry them out again; add --confirm-live-actions to do that.",
            output, StringComparison.Ordinal);
        Assert.Equal((live, shadow), (Count(Live), Count(Shadow)));
    }

    [Fact]
    public async Task Replay_LiveActionsConfirmed_WritesToTheLiveTopic()
    {
        var (live, shadow) = (Count(Live), Count(Shadow));

        var (exit, output) = await ReplayAsync("--live-actions", "--confirm-live-actions");

        Assert.True(exit == 0, output);
        Assert.Contains($"(recorded, LIVE actions): 1 events, actions to {Live}", output, StringComparison.Ordinal);
        Assert.Equal((live + 3, shadow), (Count(Live), Count(Shadow)));
    }

    [Fact]
    public async Task Replay_AgentNamingAToolNothingProvides_ExitsInvalidAgentsNamingFileAndTool()
    {
        var agents = Path.Combine(TestDirectories.Create("cli-replay-bad-tool"), "agents");
        Directory.CreateDirectory(agents);
        var file = Path.Combine(agents, "github-triage.yaml");
        var yaml = await File.ReadAllTextAsync(Path.Combine(recorded.Directory, "agents", "github-triage.yaml"), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(file, yaml.Replace("tools: [github.search_issues,", "tools: [github.no_such_tool, github.search_issues,", StringComparison.Ordinal),
            TestContext.Current.CancellationToken);
        var (live, shadow) = (Count(Live), Count(Shadow));

        var (exit, output) = await TopicsCommandTests.RunAsync(recorded.Directory,
            ["replay", "--agent", "github-triage", "--from", "0", "--mode", "recorded", "--agents", agents, "--bootstrap", recorded.Bootstrap]);

        Assert.True(exit == 6, output);
        Assert.Contains($"error: {file}: agent github-triage lists unknown tool 'github.no_such_tool'", output, StringComparison.Ordinal);
        Assert.Equal((live, shadow), (Count(Live), Count(Shadow)));
    }

    private Task<(int ExitCode, string Output)> ReplayAsync(params string[] flags) => TopicsCommandTests.RunAsync(recorded.Directory,
        ["replay", "--agent", "github-triage", "--from", "0", "--mode", "recorded", "--agents", Path.Combine(recorded.Directory, "agents"), "--bootstrap", recorded.Bootstrap, .. flags]);

    private long Count(string topic)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = recorded.Bootstrap, GroupId = $"count-{Guid.NewGuid():N}" }).Build();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = recorded.Bootstrap }).Build();
        return admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions
            .Sum(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p.PartitionId), TimeSpan.FromSeconds(10)).High.Value);
    }

    /// <summary><c>ambient up</c> with the shipped agents, and one GitHub issue triaged by it: a run to replay.</summary>
    public sealed class RecordedRun : IAsyncLifetime
    {
        private AmbientProcess? _up;

        public string Directory { get; } = TestDirectories.Create("cli-replay");

        public string Bootstrap { get; private set; } = string.Empty;

        public async ValueTask InitializeAsync()
        {
            var agents = Path.Combine(Directory, "agents");
            System.IO.Directory.CreateDirectory(agents);
            foreach (var file in System.IO.Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "agents")))
            {
                File.Copy(file, Path.Combine(agents, Path.GetFileName(file)));
            }

            Bootstrap = $"127.0.0.1:{FreePort()}";
            _up = AmbientProcess.Start(Directory, "Press Ctrl+C to stop.", "up", "--listen", Bootstrap, "--http-port", FreePort().ToString(CultureInfo.InvariantCulture), "--console-port", "0");
            await _up.WaitUntilReadyAsync();
            var (published, output) = await TopicsCommandTests.RunAsync(Directory, "publish", "--bootstrap", Bootstrap, "--topic", "ambient.events.github",
                "--type", "com.github.issues.opened", "--source", "https://github.com/acme/shop", "--subject", "acme/shop#42", "--key", "github:acme/shop#42",
                "--data", "@" + Path.Combine(AppContext.BaseDirectory, "samples", "github-issue-opened.json"));
            Assert.True(published == 0, output);
            await Eventually.UntilAsync(() => _up.Output.Contains("on com.github.issues.opened: completed, 3 actions", StringComparison.Ordinal), CancellationToken.None);
        }

        public async ValueTask DisposeAsync()
        {
            if (_up is not null)
            {
                await _up.TerminateAsync();
                _up.Dispose();
            }
        }

        private static int FreePort()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }
    }
}
