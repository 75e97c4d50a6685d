using System.Text.Json;
using Ambient.Abstractions.Actions;

namespace Ambient.Executor.Tests.Notify;

/// <summary>Email action records with the argument names <c>NotifyTools</c> gives them.</summary>
internal static class NotifyActions
{
    /// <summary>When the actions were proposed: Slack ts 1700000000, just before every message the fake Slack keeps.</summary>
    public static readonly DateTimeOffset ProposedAt = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    public static ActionRecord SendEmail(string[] to, string subject, string body, string id = "run-7/2/0") =>
        Action(id, "send_email", new { to, subject, body });

    public static ActionRecord IncidentReport(string id = "run-7/2/1") => Action(id, "incident_report", new
    {
        title = "db down",
        severity = "critical",
        cause = "the primary ran out of disk",
        impact = "checkout fails for <all> users & admins",
        resolution = new[] { "fail over to the replica", "grow the volume" },
        prevention = new[] { "alert at 80% disk" },
    });

    public static ActionRecord Action(string id, string operation, object arguments) =>
        new(id, "run-7", "oncall", ActionTargets.Email, operation, JsonSerializer.SerializeToElement(arguments), "tell people", "event-9", "io.ambient.alert", ProposedAt);
}
