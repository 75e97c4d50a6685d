using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Processing;
using Ambient.Abstractions.Serialization;
using Ambient.Governance.Drift;
using Ambient.Kafka.Configuration;
using Ambient.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Ambient.Worker.Tests.Health;

/// <summary>
/// Drift computed over runs a worker made: six events under one version of an agent, the prompt and the agent's calls
/// changed, six more under the new version; the comparison (from the audit, then from the daily summaries the executor
/// would write) flags the change in the action mix, the actions per run and the stated confidence.
/// </summary>
public sealed class DriftTests(KafkaFixture kafka)
{
    private const int EventsPerVersion = 6;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PromptChangeBetweenTwoWindows_TheActionMixShiftIsFlaggedFromTheAuditAndFromTheDailySummaries()
    {
        await using var harness = await WorkerHarness.CreateAsync(kafka, ("drifter.yaml", Agent(comment: true)));
        var first = await harness.StartWorkerAsync();
        await RunEventsAsync(harness, 0, EventsPerVersion);
        await first.StopAsync(Cancellation);
        await File.WriteAllTextAsync(Path.Combine(harness.AgentsDirectory, "drifter.yaml"), Agent(comment: false).Replace("name: drifter", $"name: {harness.AgentName("drifter")}", StringComparison.Ordinal), Cancellation);
        var second = await harness.StartWorkerAsync();
        await RunEventsAsync(harness, EventsPerVersion, 2 * EventsPerVersion);
        var history = new DriftHistory(new AmbientKafkaOptions { BootstrapServers = kafka.BootstrapServers }, harness.Topics.Audit, harness.Topics.AgentDrift,
            second.Services.GetRequiredService<IRecordCodec<AuditRecord>>());
        var now = TimeProvider.System.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);

        var fromAudit = await history.LoadAsync(harness.AgentName("drifter"), DateOnly.MinValue, now.AddMinutes(1), Cancellation);
        var (baseline, recent) = DriftWindows.Choose(fromAudit, null, 7, today);
        var report = DriftComparison.Compare(baseline.Profile, recent.Profile, new DriftThresholds());

        // The day summarised as the executor does after midnight; read back, the summaries give the same comparison.
        var summaries = new DriftSummaryService(history, second.Services.GetRequiredService<IRecordPublisher>(), harness.Topics.AgentDrift, new DriftSummaryOptions(),
            new FakeTimeProvider(now.AddDays(1)), NullLogger<DriftSummaryService>.Instance);
        var written = await summaries.SummariseAsync(today, Cancellation);
        var fromSummaries = await history.LoadAsync(harness.AgentName("drifter"), DateOnly.MinValue, now.AddDays(1), Cancellation);
        var (summaryBaseline, summaryRecent) = DriftWindows.Choose(fromSummaries, null, 7, today);
        var summaryReport = DriftComparison.Compare(summaryBaseline.Profile, summaryRecent.Profile, new DriftThresholds());

        Assert.Equal(2, fromAudit.Count);
        Assert.Equal((EventsPerVersion, EventsPerVersion), (report.BaselineRuns, report.RecentRuns));
        Assert.True(report.Drifted);
        var flagged = report.Shifts.Where(s => s.Flagged).ToDictionary(s => s.Signal, s => s);
        var type = "com.github.issues.opened";
        Assert.Equal((0.5, 0.0), (flagged[$"mix {type} github.comment"].Baseline, flagged[$"mix {type} github.comment"].Recent));
        Assert.Equal((0.5, 1.0), (flagged[$"mix {type} github.add_labels"].Baseline, flagged[$"mix {type} github.add_labels"].Recent));
        Assert.Equal((2.0, 1.0), (flagged["actions per run"].Baseline, flagged["actions per run"].Recent));
        Assert.Equal((0.9, 0.5), (flagged["confidence"].Baseline, Math.Round(flagged["confidence"].Recent, 6)));
        Assert.False(report.Shifts.Single(s => s.Signal == "outcome completed").Flagged);
        Assert.Equal(2, written);
        Assert.All(fromSummaries, s => Assert.Equal(today, s.Day));
        Assert.Equal(report.Shifts, summaryReport.Shifts);
    }

    private async Task RunEventsAsync(WorkerHarness harness, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, $"github:Codertocat/Hello-World#{i}", TestEvents.IssueOpened(TestEvents.IssueOpenedPayload()));
        }

        // Every run audited before the version changes: the worker's next version must not see this one's events.
        await TopicReader.ReadAsync(kafka, harness.Topics.Audit, to, Cancellation);
    }

    // The second version's prompt drops the thank-you comment and states a lower confidence: a new digest, another mix.
    private static string Agent(bool comment) => """
        name: drifter
        owner: team-sre
        description: Labels new issues.
        subscriptions:
          - topic: github
            types: [com.github.issues.opened]
        model:
          provider: offline
        systemPrompt: "PROMPT"
        tools: [github.add_labels, github.comment]
        offline:
          rules:
            - name: triage
              when:
                types: [com.github.issues.opened]
              reasoning: "A routine issue. Confidence: CONFIDENCE"
              calls:
                - tool: github.add_labels
                  arguments:
                    repository: "{{ $.repository.full_name }}"
                    issueNumber: "{{ $.issue.number }}"
                    labels: [needs-triage]
        COMMENT
              reply: "Triaged."
        """
        .Replace("PROMPT", comment ? "Label every new issue and thank its author." : "Label every new issue; do not comment.", StringComparison.Ordinal)
        .Replace("CONFIDENCE", comment ? "0.9" : "0.5", StringComparison.Ordinal)
        .Replace("COMMENT\n", comment ? CommentCall : string.Empty, StringComparison.Ordinal);

    private const string CommentCall =
        "        - tool: github.comment\n" +
        "          arguments:\n" +
        "            repository: \"{{ $.repository.full_name }}\"\n" +
        "            issueNumber: \"{{ $.issue.number }}\"\n" +
        "            body: \"Thanks for the report.\"\n";
}
