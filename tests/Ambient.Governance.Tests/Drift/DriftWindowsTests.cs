using Ambient.Governance.Drift;

namespace Ambient.Governance.Tests.Drift;

public sealed class DriftWindowsTests
{
    private static readonly DateOnly s_today = new(2026, 12, 6);

    [Fact]
    public void Choose_NoBaseline_ComparesTheCurrentVersionsRecentDaysWithThePreviousVersionsEveryDay()
    {
        DailyDriftSummary[] days = [Day("aaaa1111", -40, 5), Day("aaaa1111", -9, 5), Day("bbbb2222", -3, 6), Day("bbbb2222", -10, 7)];

        var (baseline, recent) = DriftWindows.Choose(days, null, 7, s_today);

        Assert.Equal(("version aaaa1111, every day kept", 10), (baseline.Label, baseline.Profile.Runs));
        // The current version's day 10 days ago is outside the 7-day window.
        Assert.Equal(("version bbbb2222, 2026-11-30 to 2026-12-06", 6), (recent.Label, recent.Profile.Runs));
    }

    [Fact]
    public void Choose_AVersionPrefix_IsThatVersion_AndAnUnknownOneNamesTheVersionsThereAre()
    {
        DailyDriftSummary[] days = [Day("aaaa1111", -9, 5), Day("abcd3333", -8, 2), Day("bbbb2222", -1, 6)];

        var (baseline, _) = DriftWindows.Choose(days, "abc", 7, s_today);
        var unknown = Assert.Throws<ArgumentException>(() => DriftWindows.Choose(days, "ffff", 7, s_today));
        var ambiguous = Assert.Throws<ArgumentException>(() => DriftWindows.Choose(days, "a", 7, s_today));

        Assert.Equal(2, baseline.Profile.Runs);
        Assert.Equal("no version ffff has runs; versions with runs, newest first: bbbb2222, abcd3333, aaaa1111", unknown.Message);
        Assert.StartsWith("a names 2 versions", ambiguous.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_AWindowBaseline_IsTheDaysJustBeforeTheRecentWindow_EveryVersion()
    {
        DailyDriftSummary[] days = [Day("aaaa1111", -13, 4), Day("aaaa1111", -7, 3), Day("bbbb2222", -6, 6), Day("bbbb2222", -20, 100)];

        var (baseline, recent) = DriftWindows.Choose(days, "7d", 7, s_today);

        Assert.Equal(("every version, 2026-11-23 to 2026-11-29", 7), (baseline.Label, baseline.Profile.Runs));
        Assert.Equal(6, recent.Profile.Runs);
        Assert.Equal(7, DriftWindows.BaselineDays("7d"));
        Assert.Null(DriftWindows.BaselineDays("0d"));
    }

    [Fact]
    public void Choose_OnlyOneVersion_SaysToGiveAWindow()
    {
        var error = Assert.Throws<ArgumentException>(() => DriftWindows.Choose([Day("aaaa1111", 0, 5)], null, 7, s_today));

        Assert.Equal("only one version of the agent (aaaa1111) has runs; give --baseline as a window, e.g. 7d, to compare it with the days before", error.Message);
    }

    private static DailyDriftSummary Day(string version, int daysFromToday, int runs)
    {
        var day = s_today.AddDays(daysFromToday);
        var profile = DriftComparisonTests.Profile(runs, version, ["github.comment"]);
        profile.First = profile.Last = new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
        return new DailyDriftSummary("triage", day, version, profile);
    }
}
