using Ambient.Abstractions.Audit;
using Ambient.Governance.Drift;

namespace Ambient.Governance.Tests.Drift;

public sealed class DriftComparisonTests
{
    private static readonly DateTimeOffset s_day = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Compare_MixAndTokensMovedBeyondTheirThresholds_AreFlaggedWithTheirNumbers()
    {
        var baseline = Profile(10, "v1", tools: ["github.add_labels", "github.comment"], tokens: 1_000);
        var recent = Profile(10, "v2", tools: ["github.add_labels"], tokens: 1_200);

        var report = DriftComparison.Compare(baseline, recent, new DriftThresholds());

        var shifts = report.Shifts.ToDictionary(s => s.Signal);
        Assert.True(report.Drifted);
        Assert.Equal(new DriftShift("mix com.github.issues.opened github.comment", DriftMeasure.Share, 0.5, 0, -0.5, true), shifts["mix com.github.issues.opened github.comment"]);
        Assert.Equal(new DriftShift("actions per run", DriftMeasure.Mean, 2, 1, -0.5, true), shifts["actions per run"]);
        // 20% more tokens: under the 25% threshold.
        Assert.Equal(0.2, shifts["tokens per run"].Change, 6);
        Assert.False(shifts["tokens per run"].Flagged);
        Assert.True(report.Shifts.TakeWhile(s => s.Flagged).Count() == report.Shifts.Count(s => s.Flagged), "flagged shifts come first");
    }

    [Fact]
    public void Compare_FewerRunsThanTheMinimum_FlagsNothingAndSaysWhy()
    {
        var report = DriftComparison.Compare(Profile(3, "v1", ["github.comment"]), Profile(10, "v2", ["github.add_labels"]), new DriftThresholds(MinimumRuns: 5));

        Assert.False(report.Drifted);
        Assert.Equal("too few runs to compare: 3 in the baseline and 10 in the recent window, 5 needed in each", report.TooFewRuns);
        Assert.Contains(report.Shifts, s => s.Signal == "mix com.github.issues.opened github.comment" && s.Change == -1);
    }

    [Fact]
    public void Compare_NoConfidenceStatedOnOneSide_LeavesTheSignalOut()
    {
        var baseline = Profile(6, "v1", ["github.comment"], confidence: null);
        var recent = Profile(6, "v2", ["github.comment"], confidence: 0.4);

        var report = DriftComparison.Compare(baseline, recent, new DriftThresholds());

        Assert.DoesNotContain(report.Shifts, s => s.Signal == "confidence");
        Assert.False(report.Drifted);
    }

    [Fact]
    public void Compare_RefusalsAndExecutorFailures_AreRates()
    {
        var baseline = Profile(10, "v1", ["github.comment"]);
        var recent = Profile(10, "v2", ["github.comment"], refused: 5, failedActions: 4);

        var shifts = DriftComparison.Compare(baseline, recent, new DriftThresholds()).Shifts.ToDictionary(s => s.Signal);

        Assert.Equal((0, 5.0 / 15), (shifts["refusal rate"].Baseline, shifts["refusal rate"].Recent));
        Assert.True(shifts["refusal rate"].Flagged);
        Assert.Equal((0, 0.4), (shifts["action failure rate"].Baseline, shifts["action failure rate"].Recent));
    }

    [Fact]
    public void Summarise_ExecutorOutcomes_CountUnderTheVersionOfTheirRun_AndProbeRecordsAreNoRuns()
    {
        var run = Audit("run-1", "v1", RunOutcomes.Completed, ["github.comment"]);
        var applied = Audit("run-1", string.Empty, "action-applied", []);
        var orphan = Audit("run-elsewhere", string.Empty, "action-failed", []);
        var probe = Audit("probe", "v1", RunOutcomes.Unhealthy, []);

        var summary = Assert.Single(DriftHistory.Summarise([run, applied, orphan, probe]));

        Assert.Equal(("triage", DateOnly.FromDateTime(s_day.UtcDateTime), "v1"), (summary.Agent, summary.Day, summary.Version));
        Assert.Equal(1, summary.Profile.Runs);
        Assert.Equal(new Dictionary<string, long> { ["action-applied"] = 1 }, summary.Profile.ActionOutcomes);
        Assert.Equal("triage/2026-12-01/v1", summary.Key);
        Assert.Equivalent(summary, DailyDriftSummary.FromJson(summary.ToJson()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"agent\":\"\",\"version\":\"v1\",\"profile\":{}}")]
    public void FromJson_NotASummary_IsNull(string? json) =>
        Assert.Null(DailyDriftSummary.FromJson(json is null ? null : System.Text.Encoding.UTF8.GetBytes(json)));

    internal static DriftProfile Profile(int runs, string version, string[] tools, long tokens = 500, double? confidence = 0.8, int refused = 0, int failedActions = 0)
    {
        var profile = new DriftProfile();
        for (var i = 0; i < runs; i++)
        {
            profile.Add(Audit($"run-{version}-{i}", version, RunOutcomes.Completed, tools, tokens, confidence, refused: i < refused ? ["k8s.delete"] : []));
        }

        for (var i = 0; i < 10; i++)
        {
            profile.Add(Audit($"run-{version}-{i}", string.Empty, i < failedActions ? "action-failed" : "action-applied", []));
        }

        return profile;
    }

    private static AuditRecord Audit(string runId, string version, string outcome, string[] tools, long tokens = 500, double? confidence = 0.8, string[]? refused = null) =>
        new(runId, "triage", $"event-{runId}", "com.github.issues.opened", outcome, "done", [.. tools.Select((t, i) => $"{runId}-{i}")], refused ?? [],
            tokens / 2, tokens / 2, "offline", version, s_day)
        {
            Confidence = confidence,
            CostUsd = 0.01m,
            Decisions = [.. tools.Select(t => new AuditDecision(t, "allow", null, "no rule matched"))],
        };
}
