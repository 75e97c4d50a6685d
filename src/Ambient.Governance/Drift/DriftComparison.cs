namespace Ambient.Governance.Drift;

/// <summary>How a shift is measured: shares (rates, the mix) by their difference in points, means by their relative change.</summary>
public enum DriftMeasure
{
    /// <summary>A fraction of runs or calls, 0 to 1; shifted by <c>recent - baseline</c>.</summary>
    Share,

    /// <summary>An average per run; shifted by <c>(recent - baseline) / baseline</c>.</summary>
    Mean,
}

/// <summary>One signal of two profiles: its value in each and whether the change is beyond its threshold.</summary>
/// <param name="Signal">What is measured, e.g. <c>tokens per run</c> or <c>mix io.github.issues.opened github.comment</c>.</param>
/// <param name="Measure">How its change is measured.</param>
/// <param name="Baseline">Its value in the baseline.</param>
/// <param name="Recent">Its value in the recent window.</param>
/// <param name="Change">Points for a share, relative change for a mean (infinity from a baseline of 0).</param>
/// <param name="Flagged">True when the change is at or beyond the threshold.</param>
public sealed record DriftShift(string Signal, DriftMeasure Measure, double Baseline, double Recent, double Change, bool Flagged);

/// <summary>Two profiles compared: every signal both can measure, flagged or not, or why they could not be compared.</summary>
/// <param name="BaselineRuns">Runs in the baseline.</param>
/// <param name="RecentRuns">Runs in the recent window.</param>
/// <param name="Shifts">Every signal, flagged ones first.</param>
/// <param name="TooFewRuns">Set when either side has fewer runs than asked for: then no signal is flagged.</param>
public sealed record DriftReport(long BaselineRuns, long RecentRuns, IReadOnlyList<DriftShift> Shifts, string? TooFewRuns)
{
    /// <summary>True when a signal shifted beyond its threshold.</summary>
    public bool Drifted => Shifts.Any(s => s.Flagged);
}

/// <summary>The thresholds of a comparison.</summary>
/// <param name="MeanChange">Relative change of a mean that is flagged (0.25: a quarter more or less).</param>
/// <param name="ShareChange">Change of a share that is flagged, in points of 1 (0.10: ten percentage points).</param>
/// <param name="MinimumRuns">Runs each side needs before anything is flagged: a handful of runs says little.</param>
public sealed record DriftThresholds(double MeanChange = 0.25, double ShareChange = 0.10, int MinimumRuns = 5);

/// <summary>Compares a recent profile with a baseline, signal by signal (docs/agent-health.md#drift).</summary>
public static class DriftComparison
{
    /// <summary>Every signal of the two profiles, flagged where it moved beyond <paramref name="thresholds"/>.</summary>
    public static DriftReport Compare(DriftProfile baseline, DriftProfile recent, DriftThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(recent);
        ArgumentNullException.ThrowIfNull(thresholds);
        var tooFew = Math.Min(baseline.Runs, recent.Runs) < thresholds.MinimumRuns
            ? $"too few runs to compare: {baseline.Runs} in the baseline and {recent.Runs} in the recent window, {thresholds.MinimumRuns} needed in each"
            : null;
        var shifts = Signals(baseline, recent)
            .Select(s => Shift(s.Signal, s.Measure, s.Baseline, s.Recent, thresholds, tooFew is null))
            .OfType<DriftShift>()
            .OrderByDescending(s => s.Flagged)
            .ThenBy(s => s.Signal, StringComparer.Ordinal)
            .ToList();
        return new DriftReport(baseline.Runs, recent.Runs, shifts, tooFew);
    }

    private static IEnumerable<(string Signal, DriftMeasure Measure, double? Baseline, double? Recent)> Signals(DriftProfile baseline, DriftProfile recent)
    {
        foreach (var outcome in Keys(baseline.Outcomes, recent.Outcomes))
        {
            yield return ($"outcome {outcome}", DriftMeasure.Share, Ratio(baseline.Outcomes.GetValueOrDefault(outcome), baseline.Runs), Ratio(recent.Outcomes.GetValueOrDefault(outcome), recent.Runs));
        }

        foreach (var model in Keys(baseline.Models, recent.Models))
        {
            yield return ($"model {model}", DriftMeasure.Share, Ratio(baseline.Models.GetValueOrDefault(model), baseline.Runs), Ratio(recent.Models.GetValueOrDefault(model), recent.Runs));
        }

        // The mix is compared per event type both saw: a type only one window had is no shift in behaviour.
        foreach (var type in baseline.ToolCalls.Keys.Intersect(recent.ToolCalls.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var (was, now) = (baseline.ToolCalls[type], recent.ToolCalls[type]);
            var (wasTotal, nowTotal) = (was.Values.Sum(), now.Values.Sum());
            foreach (var tool in Keys(was, now))
            {
                yield return ($"mix {type} {tool}", DriftMeasure.Share, Ratio(was.GetValueOrDefault(tool), wasTotal), Ratio(now.GetValueOrDefault(tool), nowTotal));
            }
        }

        yield return ("refusal rate", DriftMeasure.Share, Ratio(baseline.ToolCallsRefused, baseline.ToolCallsAsked), Ratio(recent.ToolCallsRefused, recent.ToolCallsAsked));
        yield return ("actions per run", DriftMeasure.Mean, Ratio(baseline.Actions, baseline.Runs), Ratio(recent.Actions, recent.Runs));
        yield return ("tokens per run", DriftMeasure.Mean, Ratio(baseline.Tokens, baseline.Runs), Ratio(recent.Tokens, recent.Runs));
        yield return ("cost per run", DriftMeasure.Mean, Ratio((double)baseline.CostUsd, baseline.Runs), Ratio((double)recent.CostUsd, recent.Runs));
        yield return ("confidence", DriftMeasure.Mean, Ratio(baseline.ConfidenceSum, baseline.ConfidenceStated), Ratio(recent.ConfidenceSum, recent.ConfidenceStated));
        yield return ("action failure rate", DriftMeasure.Share,
            Ratio(baseline.ActionOutcomes.GetValueOrDefault("action-failed"), baseline.ActionOutcomes.Values.Sum()),
            Ratio(recent.ActionOutcomes.GetValueOrDefault("action-failed"), recent.ActionOutcomes.Values.Sum()));
    }

    // Null when either side has nothing to measure it by (no calls, no stated confidence): such a signal is left out.
    private static DriftShift? Shift(string signal, DriftMeasure measure, double? baseline, double? recent, DriftThresholds thresholds, bool mayFlag)
    {
        if (baseline is not { } was || recent is not { } now)
        {
            return null;
        }

        var change = measure == DriftMeasure.Share
            ? now - was
            : was == 0 ? (now == 0 ? 0 : double.PositiveInfinity) : (now - was) / was;
        var limit = measure == DriftMeasure.Share ? thresholds.ShareChange : thresholds.MeanChange;
        return new DriftShift(signal, measure, was, now, change, mayFlag && Math.Abs(change) >= limit);
    }

    private static double? Ratio(double part, double whole) => whole > 0 ? part / whole : null;

    private static IEnumerable<string> Keys(Dictionary<string, long> a, Dictionary<string, long> b) =>
        a.Keys.Union(b.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal);
}
