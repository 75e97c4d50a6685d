using System.Globalization;
using Ambient.Governance.Policies.Matching;

namespace Ambient.Governance.Policies.Reading;

/// <summary>Reads <c>time</c>: <c>days</c> (mon..sun), <c>between</c> (two HH:mm times) and <c>timezone</c> (an IANA id, UTC unless set).</summary>
internal static class TimeReader
{
    public static TimeCondition? Read(YamlMap match)
    {
        if (match.OptionalMap("time") is not { } section)
        {
            return null;
        }

        section.AllowOnly("days", "between", "timezone");
        var days = ReadDays(section);
        var window = ReadWindow(section);
        if (days is null && window is null)
        {
            throw section.Error(section.Node, $"{match.Field("time")} must set days, between or both");
        }

        return new TimeCondition(days, window, ReadZone(section));
    }

    private static HashSet<DayOfWeek>? ReadDays(YamlMap section)
    {
        if (section.OptionalList("days") is not { } names)
        {
            return null;
        }

        var days = new HashSet<DayOfWeek>();
        foreach (var (name, index) in names.Select((name, index) => (name, index)))
        {
            days.Add(TimeCondition.ParseDay(name.Value!)
                ?? throw section.Error(name, $"{section.Item("days", index)} '{name.Value}' is not a day: use mon, tue, wed, thu, fri, sat or sun"));
        }

        return days;
    }

    private static (TimeOnly Start, TimeOnly End)? ReadWindow(YamlMap section)
    {
        if (section.OptionalList("between") is not { } times)
        {
            return null;
        }

        if (times.Count != 2)
        {
            throw section.Error(section.Find("between")!, $"{section.Field("between")} must hold two times, [from, to], e.g. [\"18:00\", \"08:00\"]");
        }

        var parsed = times.Select((time, index) =>
            TimeOnly.TryParseExact(time.Value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
                ? value
                : throw section.Error(time, $"{section.Item("between", index)} '{time.Value}' must be a time HH:mm, 00:00 to 23:59")).ToList();
        return parsed[0] == parsed[1]
            ? throw section.Error(section.Find("between")!, $"{section.Field("between")} must name two different times (the window would be empty)")
            : (parsed[0], parsed[1]);
    }

    private static TimeZoneInfo ReadZone(YamlMap section)
    {
        var id = section.OptionalString("timezone") ?? "UTC";
        if (id == "UTC")
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw section.Error(section.Find("timezone")!, $"{section.Field("timezone")} '{id}' is not a known time zone (use an IANA id such as Europe/Berlin or UTC)");
        }
    }
}
