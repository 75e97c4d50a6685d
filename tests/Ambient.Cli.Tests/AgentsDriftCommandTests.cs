using System.Text.Json.Nodes;
using Ambient.Abstractions.Audit;
using Ambient.Governance.Drift;
using Ambient.Testing;
using Confluent.Kafka;

namespace Ambient.Cli.Tests;

/// <summary>
/// <c>ambient agents drift</c> as shipped, over daily summaries on the drift topic of a real broker: the previous version
/// as the default baseline, a window baseline, a version that is not there, and the exit code scripts can gate on.
/// </summary>
public sealed class AgentsDriftCommandTests
{
    private static readonly DateOnly s_today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);

    [Fact]
    public async Task Drift_ANewVersionThatStoppedCommenting_IsFlaggedWithItsNumbersAndExitsNine()
    {
        var directory = TestDirectories.Create("cli-drift");
        await using var broker = await EmbeddedBrokers.StartAsync(directory);
        var (initialized, init) = await TopicsCommandTests.RunAsync(directory, "topics", "init", "--bootstrap", broker.BootstrapServers);
        Assert.True(initialized == 0, init);
        await PublishAsync(broker.BootstrapServers,
            Summary("1111aaaa2222bbbb", -3, runs: 8, comment: true),
            Summary("1111aaaa2222bbbb", -2, runs: 8, comment: true),
            Summary("3333cccc4444dddd", -1, runs: 6, comment: false),
            Summary("3333cccc4444dddd", 0, runs: 6, comment: false));

        var (drifted, text) = await TopicsCommandTests.RunAsync(directory, "agents", "drift", "--agent", "triage", "--bootstrap", broker.BootstrapServers);
        var (_, json) = await TopicsCommandTests.RunAsync(directory, "agents", "drift", "--agent", "triage", "--json", "--bootstrap", broker.BootstrapServers);
        var (windowed, window) = await TopicsCommandTests.RunAsync(directory, "agents", "drift", "--agent", "triage", "--baseline", "2d", "--window", "2", "--bootstrap", broker.BootstrapServers);
        var (unknown, unknownText) = await TopicsCommandTests.RunAsync(directory, "agents", "drift", "--agent", "triage", "--baseline", "ffff", "--bootstrap", broker.BootstrapServers);
        var (nobody, nobodyText) = await TopicsCommandTests.RunAsync(directory, "agents", "drift", "--agent", "nobody", "--bootstrap", broker.BootstrapServers);

        Assert.True(drifted == 9, text);
        Assert.Contains("baseline  version 1111aaaa2222, every day kept: 16 runs", text, StringComparison.Ordinal);
        Assert.Contains($"recent    version 3333cccc4444, {s_today.AddDays(-6):yyyy-MM-dd} to {s_today:yyyy-MM-dd}: 12 runs", text, StringComparison.Ordinal);
        Assert.Matches(@"! mix com\.github\.issues\.opened github\.comment +50% +0% +-50 pts", text);
        Assert.Matches(@"! actions per run +2 +1 +-50%", text);
        Assert.Matches(@"\n  outcome completed +100% +100% +0 pts", text);
        Assert.Contains("signals shifted beyond their thresholds.", text, StringComparison.Ordinal);
        var report = JsonNode.Parse(json)!["report"]!;
        Assert.Equal((16, 12), (report["baselineRuns"]!.GetValue<int>(), report["recentRuns"]!.GetValue<int>()));
        Assert.Contains(report["shifts"]!.AsArray(), s => s!["signal"]!.GetValue<string>() == "actions per run" && s["flagged"]!.GetValue<bool>());
        // Window baseline: the two days before the last two, whichever version ran them.
        Assert.True(windowed == 9, window);
        Assert.Contains($"baseline  every version, {s_today.AddDays(-3):yyyy-MM-dd} to {s_today.AddDays(-2):yyyy-MM-dd}: 16 runs", window, StringComparison.Ordinal);
        Assert.True(unknown == 2, unknownText);
        Assert.Contains("error: triage: no version ffff has runs; versions with runs, newest first: 3333cccc4444, 1111aaaa2222", unknownText, StringComparison.Ordinal);
        Assert.True(nobody == 2, nobodyText);
        Assert.Contains("error: nobody: the agent has no audited runs", nobodyText, StringComparison.Ordinal);
    }

    private static DailyDriftSummary Summary(string version, int daysFromToday, int runs, bool comment)
    {
        var day = s_today.AddDays(daysFromToday);
        var profile = new DriftProfile();
        for (var i = 0; i < runs; i++)
        {
            string[] tools = comment ? ["github.add_labels", "github.comment"] : ["github.add_labels"];
            profile.Add(new AuditRecord($"run-{version}-{day}-{i}", "triage", $"event-{i}", "com.github.issues.opened", RunOutcomes.Completed, "done",
                [.. tools.Select(t => $"{t}-{i}")], [], 400, 100, "offline", version, new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero))
            {
                Decisions = [.. tools.Select(t => new AuditDecision(t, "allow", null, "no rule matched"))],
            });
        }

        return new DailyDriftSummary("triage", day, version, profile);
    }

    private static async Task PublishAsync(string bootstrap, params DailyDriftSummary[] summaries)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrap }).Build();
        foreach (var summary in summaries)
        {
            await producer.ProduceAsync("ambient.agent.drift", new Message<string, byte[]> { Key = summary.Key, Value = summary.ToJson() }, TestContext.Current.CancellationToken);
        }
    }
}
