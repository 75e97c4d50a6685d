using System.Globalization;
using System.Text.RegularExpressions;

namespace Ambient.Governance.Drift;

/// <summary>One side of a comparison: what it covers, in words, and its summed profile.</summary>
public sealed record DriftSide(string Label, DriftProfile Profile);

/// <summary>
/// Chooses the two sides of <c>ambient agents drift</c> from an agent's days: by default the agent's current version
/// (the one that ran last) over the recent window against the version before it over all its days; against a named
/// version (a prefix of its digest is enough); or, with a window such as <c>14d</c>, the recent window against the days
/// just before it, whatever the versions.
/// </summary>
public static partial class DriftWindows
{
    /// <summary>The days a baseline of <paramref name="baseline"/> needs read, counting back from the start of the recent window.</summary>
    public static int? BaselineDays(string? baseline) =>
        baseline is not null && WindowPattern().Match(baseline) is { Success: true } match ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    /// <summary>The baseline and the recent side.</summary>
    /// <param name="days">The agent's days, per version.</param>
    /// <param name="baseline">A version (or a prefix of it), a window as <c>Nd</c>, or null for the previous version.</param>
    /// <param name="windowDays">Days of the recent window, today included.</param>
    /// <param name="today">Today, UTC.</param>
    /// <exception cref="ArgumentException">The baseline cannot be found; the message says what there is.</exception>
    public static (DriftSide Baseline, DriftSide Recent) Choose(IReadOnlyList<DailyDriftSummary> days, string? baseline, int windowDays, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowDays, 1);
        var recentFrom = today.AddDays(1 - windowDays);
        var window = $"{recentFrom:yyyy-MM-dd} to {today:yyyy-MM-dd}";
        if (BaselineDays(baseline) is { } baselineDays)
        {
            var baselineFrom = recentFrom.AddDays(-baselineDays);
            return (new($"every version, {baselineFrom:yyyy-MM-dd} to {recentFrom.AddDays(-1):yyyy-MM-dd}", Sum(days.Where(d => d.Day >= baselineFrom && d.Day < recentFrom))),
                new($"every version, {window}", Sum(days.Where(d => d.Day >= recentFrom && d.Day <= today))));
        }

        var versions = days.GroupBy(d => d.Version, StringComparer.Ordinal)
            .Select(g => (Version: g.Key, Last: g.Max(d => d.Profile.Last ?? DateTimeOffset.MinValue)))
            .OrderByDescending(v => v.Last)
            .Select(v => v.Version)
            .ToList();
        if (versions.Count == 0)
        {
            throw new ArgumentException("the agent has no audited runs (in the drift summaries or the audit)");
        }

        var current = versions[0];
        string previous;
        if (baseline is null)
        {
            previous = versions.Count > 1
                ? versions[1]
                : throw new ArgumentException($"only one version of the agent ({Short(current)}) has runs; give --baseline as a window, e.g. 7d, to compare it with the days before");
        }
        else
        {
            var matching = versions.Where(v => v.StartsWith(baseline, StringComparison.OrdinalIgnoreCase)).ToList();
            previous = matching.Count == 1
                ? matching[0]
                : throw new ArgumentException(matching.Count == 0
                    ? $"no version {baseline} has runs; versions with runs, newest first: {string.Join(", ", versions.Select(Short))}"
                    : $"{baseline} names {matching.Count} versions ({string.Join(", ", matching.Select(Short))}); give more of it");
        }

        return (new($"version {Short(previous)}, every day kept", Sum(days.Where(d => d.Version == previous))),
            new($"version {Short(current)}, {window}", Sum(days.Where(d => d.Version == current && d.Day >= recentFrom && d.Day <= today))));
    }

    private static DriftProfile Sum(IEnumerable<DailyDriftSummary> days) => DriftProfile.Sum(days.Select(d => d.Profile));

    private static string Short(string version) => version.Length > 12 ? version[..12] : version;

    [GeneratedRegex("^([1-9][0-9]{0,3})d$", RegexOptions.CultureInvariant)]
    private static partial Regex WindowPattern();
}
