namespace Ambient.Runtime.Schedules;

/// <summary>The weekly digest schedule, bound from <c>Ambient:Schedules:WeeklyDigest</c>.</summary>
public sealed class WeeklyDigestOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Ambient:Schedules:WeeklyDigest";

    /// <summary>
    /// Run the schedule in this process. Run it in exactly one place (here with <c>ambient up</c>; in a
    /// cluster as a CronJob running <c>ambient schedule run weekly-digest</c>), or ticks are duplicated.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>Day of the week the digest goes out (UTC).</summary>
    public DayOfWeek Day { get; set; } = DayOfWeek.Monday;

    /// <summary>Time of day it goes out (UTC).</summary>
    public TimeSpan TimeOfDay { get; set; } = TimeSpan.FromHours(9);

    /// <summary>Who receives it.</summary>
    public IList<string> Recipients { get; } = [];

    /// <summary>Fallback recipients when none are configured.</summary>
    public static IReadOnlyList<string> DefaultRecipients { get; } = ["repository-admins@example.com"];

    /// <summary>The next send time strictly after <paramref name="now"/>.</summary>
    public DateTimeOffset NextAfter(DateTimeOffset now)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero) + TimeOfDay;
        var days = ((int)Day - (int)now.UtcDateTime.DayOfWeek + 7) % 7;
        var next = today.AddDays(days);
        return next > now ? next : next.AddDays(7);
    }
}
