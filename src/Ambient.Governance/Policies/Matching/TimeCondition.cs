using System.Globalization;

namespace Ambient.Governance.Policies.Matching;

/// <summary>
/// <c>time</c>: when the call happens, in a time zone. <c>days</c> and <c>between</c> are checked separately against the
/// local time: <c>between: [18:00, 08:00]</c> wraps midnight, so with <c>days: [sat]</c> it holds Saturday 00:00-08:00 and
/// 18:00-24:00. The window includes its start and excludes its end.
/// </summary>
/// <param name="days">The days that hold; null for every day.</param>
/// <param name="window">Start and end of the window; null for all day.</param>
/// <param name="zone">The zone the days and times are in.</param>
internal sealed class TimeCondition(IReadOnlySet<DayOfWeek>? days, (TimeOnly Start, TimeOnly End)? window, TimeZoneInfo zone) : IRuleCondition
{
    // The names `days` accepts, in the order of DayOfWeek.
    private static readonly string[] s_dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    /// <summary>The day written <paramref name="name"/> (<c>mon</c>..<c>sun</c>, any case); null for anything else.</summary>
    public static DayOfWeek? ParseDay(string name) =>
        Array.FindIndex(s_dayNames, day => day.Equals(name, StringComparison.OrdinalIgnoreCase)) is var index and >= 0 ? (DayOfWeek)index : null;

    public string? WhyNot(PolicyInput input)
    {
        var local = TimeZoneInfo.ConvertTime(input.At, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var shown = string.Create(CultureInfo.InvariantCulture, $"{s_dayNames[(int)local.DayOfWeek]} {local:yyyy-MM-dd HH:mm} {zone.Id}");
        if (days is not null && !days.Contains(local.DayOfWeek))
        {
            return $"{shown} is not on {string.Join(", ", days.OrderBy(MondayFirst).Select(day => s_dayNames[(int)day]))}";
        }

        if (window is var (start, end) && !IsBetween(time, start, end))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{shown} is not between {start:HH:mm} and {end:HH:mm}");
        }

        return null;
    }

    public bool? HoldsFor(string agent, string tool) => null;

    public string Describe()
    {
        var on = days is null ? null : $"on {string.Join(", ", days.OrderBy(MondayFirst).Select(day => s_dayNames[(int)day]))}";
        var between = window is var (start, end) ? string.Create(CultureInfo.InvariantCulture, $"between {start:HH:mm} and {end:HH:mm}") : null;
        return $"{string.Join(" ", new[] { on, between }.OfType<string>())} ({zone.Id})";
    }

    private static int MondayFirst(DayOfWeek day) => ((int)day + 6) % 7;

    private static bool IsBetween(TimeOnly time, TimeOnly start, TimeOnly end) =>
        start < end ? time >= start && time < end : time >= start || time < end;
}
