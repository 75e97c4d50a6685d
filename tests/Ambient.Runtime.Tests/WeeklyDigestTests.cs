using System.Text;
using System.Text.Json;
using Ambient.Abstractions.Events;
using Ambient.Runtime.Schedules;

namespace Ambient.Runtime.Tests;

public sealed class WeeklyDigestTests
{
    [Theory]
    [InlineData("2026-11-23T08:59:00Z", "2026-11-23T09:00:00Z")] // Monday, before the hour
    [InlineData("2026-11-23T09:00:00Z", "2026-11-30T09:00:00Z")] // exactly at it: the next week
    [InlineData("2026-11-25T12:00:00Z", "2026-11-30T09:00:00Z")] // Wednesday
    [InlineData("2026-11-29T23:59:00Z", "2026-11-30T09:00:00Z")] // Sunday night
    public void NextAfter_MondayNineUtc(string now, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            new WeeklyDigestOptions().NextAfter(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Build_EventsOfTheWeek_CountedByTypeAndRepository()
    {
        var from = new DateTimeOffset(2026, 11, 16, 9, 0, 0, TimeSpan.Zero);
        var events = new[]
        {
            Event("com.github.issues.opened", "acme/shop#1", """{"repository":{"full_name":"acme/shop"}}"""),
            Event("com.github.issues.opened", "acme/shop#2", "{}"),
            Event("com.github.push", "acme/docs", """{"repository":{"full_name":"acme/docs"}}"""),
            Event("io.k8s.event.BackOff", "shop/api", "{}"),
        };

        var tick = WeeklyDigest.Build(events, from, from.AddDays(7), ["a@acme.example"]);
        var data = tick.TryGetJsonData()!.Value;

        Assert.Equal(("weekly-digest/2026-11-23", "io.ambient.schedule.weekly-digest"), (tick.Id, tick.Type));
        Assert.Equal(4, data.GetProperty("totals").GetProperty("events").GetInt32());
        Assert.Equal(2, data.GetProperty("totals").GetProperty("issuesOpened").GetInt32());
        Assert.Equal("""{"acme/shop":2,"acme/docs":1}""", data.GetProperty("byRepository").GetRawText());
        Assert.StartsWith("Activity from 2026-11-16 to 2026-11-23: 4 events.", data.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_QuietWeek_SaysSo()
    {
        var from = new DateTimeOffset(2026, 11, 16, 9, 0, 0, TimeSpan.Zero);

        var data = WeeklyDigest.Build([], from, from.AddDays(7), ["a@acme.example"]).TryGetJsonData()!.Value;

        Assert.Contains("A quiet week", data.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Object, data.GetProperty("byType").ValueKind);
    }

    private static AmbientEvent Event(string type, string subject, string json) =>
        new(Guid.NewGuid().ToString(), "/test", type, subject, null, "application/json", Encoding.UTF8.GetBytes(json));
}
