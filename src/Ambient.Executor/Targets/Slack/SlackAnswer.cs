using System.Text.Json;

namespace Ambient.Executor.Targets.Slack;

/// <summary>What one Web API call came to.</summary>
/// <param name="Body">The JSON Slack answered, when it answered JSON.</param>
/// <param name="Error">Slack's <c>error</c> when it said <c>"ok": false</c>, e.g. <c>channel_not_found</c>.</param>
/// <param name="Problem">The retry or failure to report when the call did not succeed; null when Slack said <c>"ok": true</c>.</param>
internal sealed record SlackAnswer(JsonElement Body, string? Error, TargetOutcome? Problem)
{
    public static SlackAnswer Unanswered(TargetOutcome problem) => new(default, null, problem);

    /// <summary>A string property of the body, e.g. the <c>ts</c> of a posted message.</summary>
    public string? Property(string name) =>
        Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
