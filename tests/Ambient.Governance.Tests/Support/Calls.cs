using System.Text.Json;
using Ambient.Governance.Policies;

namespace Ambient.Governance.Tests.Support;

/// <summary>Policy inputs for tests: a call at a fixed time (never the clock), with JSON arguments written as text.</summary>
internal static class Calls
{
    /// <summary>Monday 2026-12-07 10:00 UTC.</summary>
    public static readonly DateTimeOffset MondayMorning = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    public static PolicyInput Of(
        string tool,
        string arguments = "{}",
        string agent = "incident-responder",
        string? target = null,
        string? eventType = null,
        string? ingress = null,
        double? confidence = null,
        DateTimeOffset? at = null) =>
        new(agent, tool, target, Json(arguments), eventType, ingress, confidence, at ?? MondayMorning);

    public static JsonElement Json(string text) => JsonSerializer.Deserialize<JsonElement>(text);
}
