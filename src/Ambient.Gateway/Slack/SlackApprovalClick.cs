using System.Text.Json;
using Ambient.Governance.Approvals;

namespace Ambient.Gateway.Slack;

/// <summary>
/// A click on an approval request's button in Slack: a <c>block_actions</c> interaction whose action is
/// <see cref="ApproveActionId"/> or <see cref="DenyActionId"/> with the approval id as its value. Who clicked is Slack's
/// user (id, and the username and display name the approvers may list instead of the id).
/// </summary>
internal sealed record SlackApprovalClick(string ApprovalId, bool Approve, string UserId, IReadOnlyList<string> UserNames)
{
    /// <summary>The button that approves; its value is the approval id.</summary>
    public const string ApproveActionId = SlackApprovalButtons.Approve;

    /// <summary>The button that denies; its value is the approval id.</summary>
    public const string DenyActionId = SlackApprovalButtons.Deny;

    /// <summary>The click in <paramref name="payload"/>, or null when it is another interaction (published as an event, as before).</summary>
    public static SlackApprovalClick? TryRead(JsonElement payload)
    {
        if (Text(payload, "type") != "block_actions" || !payload.TryGetProperty("actions", out var actions) || actions.ValueKind != JsonValueKind.Array
            || actions.GetArrayLength() != 1 || !payload.TryGetProperty("user", out var user) || user.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var action = actions[0];
        var approve = Text(action, "action_id") switch
        {
            ApproveActionId => true,
            DenyActionId => false,
            _ => (bool?)null,
        };
        return approve is { } yes && Text(action, "value") is { } id && Text(user, "id") is { Length: > 0 } userId
            ? new SlackApprovalClick(id, yes, userId, [.. new[] { Text(user, "username"), Text(user, "name") }.OfType<string>().Where(n => n.Length > 0)])
            : null;
    }

    /// <summary>The name the answer is recorded under: whichever of the user's id and names the request's approvers list, else the id.</summary>
    public string AnswererFor(ApprovalRecord request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return UserNames.Prepend(UserId).FirstOrDefault(name => request.Approvers.Contains(name, StringComparer.OrdinalIgnoreCase)) ?? UserId;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
