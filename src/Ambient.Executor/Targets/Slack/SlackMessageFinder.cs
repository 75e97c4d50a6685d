using System.Globalization;
using System.Text.Json;
using Ambient.Abstractions.Actions;

namespace Ambient.Executor.Targets.Slack;

/// <summary>
/// Finds the message an interrupted apply posted by the metadata it carries: <c>event_type</c>
/// <see cref="ActionMarkers.SlackEventType"/> with the action id in <c>event_payload.action_id</c>
/// (https://api.slack.com/metadata), or an approval request by <see cref="ApprovalEventType"/> and its approval id.
/// Slack returns metadata only when asked with <c>include_all_metadata</c>.
/// </summary>
internal sealed class SlackMessageFinder(SlackWebApi slack)
{
    private const int PageSize = 200;

    // 50 pages of 200: a channel that busy since the action was proposed is beyond a look-up; say so rather than loop.
    private const int MaxPages = 50;

    /// <summary>The metadata <c>event_type</c> of a posted approval request; its payload's <c>approval_id</c> is the request's id.</summary>
    public const string ApprovalEventType = "ambient_approval";

    /// <summary>Looks in the channel's history since a minute before the action was proposed (the minute absorbs clock skew).</summary>
    public Task<TargetOutcome?> InChannelAsync(ActionRecord action, string channel, CancellationToken cancellationToken) =>
        SearchAsync("conversations.history", (ActionMarkers.SlackEventType, "action_id", action.Id),
            [new("channel", channel), new("oldest", SlackTimestamp(action.CreatedAt.AddMinutes(-1)))], cancellationToken);

    /// <summary>Looks among the replies of the thread.</summary>
    public Task<TargetOutcome?> InThreadAsync(ActionRecord action, string channel, string thread, CancellationToken cancellationToken) =>
        SearchAsync("conversations.replies", (ActionMarkers.SlackEventType, "action_id", action.Id), [new("channel", channel), new("ts", thread)], cancellationToken);

    /// <summary>Looks for the message of approval request <paramref name="approvalId"/> posted since <paramref name="requestedAt"/>; its ts when found.</summary>
    public Task<TargetOutcome?> ApprovalRequestAsync(string approvalId, string channel, DateTimeOffset requestedAt, CancellationToken cancellationToken) =>
        SearchAsync("conversations.history", (ApprovalEventType, "approval_id", approvalId),
            [new("channel", channel), new("oldest", SlackTimestamp(requestedAt.AddMinutes(-1)))], cancellationToken);

    private async Task<TargetOutcome?> SearchAsync(string method, (string EventType, string Field, string Id) marker, KeyValuePair<string, string>[] where,
        CancellationToken cancellationToken)
    {
        string? cursor = null;
        for (var page = 0; page < MaxPages; page++)
        {
            KeyValuePair<string, string>[] arguments = [.. where, new("include_all_metadata", "true"), new("limit", PageSize.ToString(CultureInfo.InvariantCulture))];
            var answer = await slack.GetAsync(method, cursor is null ? arguments : [.. arguments, new("cursor", cursor)], cancellationToken);
            if (answer.Problem is not null)
            {
                // Not a "not there": without history (a missing scope, say) the look cannot tell, and a
                // null would let the executor post a second time.
                return answer.Problem;
            }

            if (MarkedMessage(answer.Body, marker) is { } ts)
            {
                return TargetOutcome.Applied(ts);
            }

            cursor = NextCursor(answer.Body);
            if (cursor is null)
            {
                return null;
            }
        }

        return TargetOutcome.Failed($"slack {method}: more than {MaxPages * PageSize} messages to look through for {marker.Id}");
    }

    private static string? MarkedMessage(JsonElement body, (string EventType, string Field, string Id) marker)
    {
        if (!body.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var message in messages.EnumerateArray())
        {
            if (message.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
                && Text(metadata, "event_type") == marker.EventType
                && metadata.TryGetProperty("event_payload", out var payload) && payload.ValueKind == JsonValueKind.Object
                && Text(payload, marker.Field) == marker.Id)
            {
                return Text(message, "ts");
            }
        }

        return null;
    }

    private static string? NextCursor(JsonElement body) =>
        body.TryGetProperty("response_metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && Text(metadata, "next_cursor") is { Length: > 0 } cursor
            ? cursor
            : null;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // A Slack ts is Unix seconds with six decimals.
    private static string SlackTimestamp(DateTimeOffset time) =>
        string.Create(CultureInfo.InvariantCulture, $"{time.ToUnixTimeSeconds()}.000000");
}
