using Ambient.Governance.Tests.Support;

namespace Ambient.Governance.Tests.Policies;

/// <summary>When the call happens, in the rule's time zone; <c>At</c> is always passed, never read from a clock.</summary>
public sealed class TimeConditionTests
{
    [Theory]
    [InlineData(18, 0, true)]
    [InlineData(23, 30, true)]
    [InlineData(0, 0, true)]
    [InlineData(3, 0, true)]
    [InlineData(7, 59, true)]
    [InlineData(8, 0, false)]
    [InlineData(12, 0, false)]
    [InlineData(17, 59, false)]
    public void Between_LaterStartThanEnd_WrapsMidnight(int hour, int minute, bool matches)
    {
        var at = new DateTimeOffset(2026, 12, 8, hour, minute, 0, TimeSpan.Zero);

        var why = TestPolicies.WhyNot("{time: {between: ['18:00', '08:00']}}", Calls.Of("kubernetes.restart_workload", at: at));

        Assert.Equal(matches, why is null);
    }

    [Theory]
    [InlineData(9, 0, true)]
    [InlineData(16, 59, true)]
    [InlineData(17, 0, false)]
    [InlineData(8, 59, false)]
    public void Between_SameDay_IncludesStartExcludesEnd(int hour, int minute, bool matches)
    {
        var at = new DateTimeOffset(2026, 12, 8, hour, minute, 0, TimeSpan.Zero);

        var why = TestPolicies.WhyNot("{time: {between: ['09:00', '17:00']}}", Calls.Of("kubernetes.restart_workload", at: at));

        Assert.Equal(matches, why is null);
    }

    [Theory]
    [InlineData("2026-12-04T23:30:00Z", true)]   // Friday in UTC, Saturday 00:30 in Berlin
    [InlineData("2026-12-05T12:00:00Z", true)]   // Saturday
    [InlineData("2026-12-06T22:59:00Z", true)]   // Sunday 23:59 in Berlin
    [InlineData("2026-12-06T23:30:00Z", false)]  // Sunday in UTC, Monday 00:30 in Berlin
    [InlineData("2026-12-04T22:30:00Z", false)]  // Friday 23:30 in Berlin
    public void Days_InAZone_AreThatZonesDays(string at, bool matches)
    {
        var why = TestPolicies.WhyNot("{time: {days: [sat, sun], timezone: Europe/Berlin}}",
            Calls.Of("kubernetes.restart_workload", at: DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(matches, why is null);
    }

    [Theory]
    [InlineData("2026-07-04T02:30:00Z", false)]  // Saturday in UTC, but Friday 22:30 in New York (EDT): in the window, wrong day
    [InlineData("2026-07-05T02:30:00Z", true)]   // Saturday 22:30 in New York
    [InlineData("2026-07-04T05:30:00Z", true)]   // Saturday 01:30 in New York
    [InlineData("2026-07-04T10:30:00Z", false)]  // Saturday 06:30 in New York
    [InlineData("2026-07-05T04:00:00Z", true)]   // Sunday 00:00 in New York
    public void DaysAndBetween_AcrossMidnightInANonUtcZone_AreCheckedSeparatelyOnLocalTime(string at, bool matches)
    {
        const string Match = "{time: {days: [sat, sun], between: ['22:00', '06:00'], timezone: America/New_York}}";

        var why = TestPolicies.WhyNot(Match, Calls.Of("kubernetes.restart_workload", at: DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(matches, why is null);
    }

    [Fact]
    public void Days_WrittenInAnyCase_AreRead()
    {
        var saturday = new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

        Assert.Null(TestPolicies.WhyNot("{time: {days: [Sat, SUN]}}", Calls.Of("kubernetes.restart_workload", at: saturday)));
        Assert.NotNull(TestPolicies.WhyNot("{time: {days: [Sat, SUN]}}", Calls.Of("kubernetes.restart_workload", at: Calls.MondayMorning)));
    }

    [Fact]
    public void NoMatch_ExplainsWithTheLocalTime()
    {
        var at = new DateTimeOffset(2026, 12, 7, 9, 15, 0, TimeSpan.Zero);

        var day = TestPolicies.WhyNot("{time: {days: [sun, sat], timezone: Europe/Berlin}}", Calls.Of("kubernetes.restart_workload", at: at));
        var window = TestPolicies.WhyNot("{time: {between: ['18:00', '08:00'], timezone: Europe/Berlin}}", Calls.Of("kubernetes.restart_workload", at: at));

        Assert.Equal("mon 2026-12-07 10:15 Europe/Berlin is not on sat, sun", day);
        Assert.Equal("mon 2026-12-07 10:15 Europe/Berlin is not between 18:00 and 08:00", window);
    }
}
