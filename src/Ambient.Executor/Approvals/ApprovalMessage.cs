using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ambient.Executor.Targets.Slack;
using Ambient.Governance.Approvals;

namespace Ambient.Executor.Approvals;

/// <summary>
/// The Slack message of an approval request (Block Kit): what is asked, by which agent, under which rule, the arguments
/// and the agent's reasoning, and, while it is pending, the buttons the gateway answers (<c>ambient.approve</c> and
/// <c>ambient.deny</c> with the approval id as value). Once answered, the same message without buttons, saying how.
/// What the model wrote (arguments, reasoning) is shown as plain text, so it cannot mention a channel or hide a link.
/// </summary>
internal static partial class ApprovalMessage
{
    // Slack caps a section's text at 3,000 characters and a header at 150.
    private const int MaxSectionText = 2_900;
    private const int MaxHeader = 150;

    /// <summary>The <c>chat.postMessage</c> body: the request with its buttons, marked with its approval id in the metadata.</summary>
    public static JsonObject Post(ApprovalRecord request, string channel) => new()
    {
        ["channel"] = channel,
        ["text"] = Summary(request),
        ["blocks"] = Blocks(request),
        // The marker a retry looks for before posting again (SlackMessageFinder.ApprovalRequestAsync); people do not see it.
        ["metadata"] = new JsonObject
        {
            ["event_type"] = SlackMessageFinder.ApprovalEventType,
            ["event_payload"] = new JsonObject { ["approval_id"] = request.Id },
        },
    };

    /// <summary>The <c>chat.update</c> body: the message as it now stands (no buttons once answered).</summary>
    public static JsonObject Update(ApprovalRecord request, string channel, string ts) => new()
    {
        ["channel"] = channel,
        ["ts"] = ts,
        ["text"] = Summary(request),
        ["blocks"] = Blocks(request),
    };

    private static string Summary(ApprovalRecord request) => request.Status switch
    {
        ApprovalStatus.Pending => $"Approval needed: {request.Agent} wants {request.Tool} ({request.Id})",
        _ => $"{request.Status}: {request.Tool} of {request.Agent} ({request.Id})",
    };

    private static JsonArray Blocks(ApprovalRecord request)
    {
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = Plain(Cut($"Approval needed: {request.Tool}", MaxHeader)) },
            new JsonObject { ["type"] = "section", ["text"] = Markdown(Facts(request)) },
            new JsonObject { ["type"] = "section", ["text"] = Plain(Cut("Arguments: " + request.Arguments.GetRawText(), MaxSectionText)) },
        };
        if (!string.IsNullOrWhiteSpace(request.Reasoning))
        {
            blocks.Add(new JsonObject { ["type"] = "section", ["text"] = Plain(Cut("The agent's reasoning: " + request.Reasoning, MaxSectionText)) });
        }

        blocks.Add(request.IsPending ? Buttons(request) : new JsonObject { ["type"] = "section", ["text"] = Markdown(Outcome(request)) });
        blocks.Add(new JsonObject
        {
            ["type"] = "context",
            ["elements"] = new JsonArray(Markdown($"`{request.Id}` · or `ambient approvals approve|deny {request.Id}`")),
        });
        return blocks;
    }

    private static string Facts(ApprovalRecord request)
    {
        var rule = request.Policy is null ? "" : $" (`{Escape(request.Policy)}/{Escape(request.Rule ?? "default")}`)";
        var then = request.OnExpiry == ApprovalStatus.Approved ? "then it goes ahead" : "then it is denied";
        return Cut($"*{Escape(request.Agent)}* wants to call `{Escape(request.Tool)}` in run `{Escape(request.RunId)}`.\n"
            + $"*Why it needs a yes:* {Escape(request.Reason)}{rule}\n"
            + $"*Approvers:* {string.Join(", ", request.Approvers.Select(Mention))}\n"
            + $"*Expires:* {Date(request.ExpiresAt)}, {then}", MaxSectionText);
    }

    private static JsonObject Buttons(ApprovalRecord request) => new()
    {
        ["type"] = "actions",
        ["block_id"] = "ambient.approval",
        ["elements"] = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "button", ["action_id"] = SlackApprovalButtons.Approve, ["value"] = request.Id, ["style"] = "primary", ["text"] = Plain("Approve"),
                // A yes lets an agent act on a live system: one more click to be sure.
                ["confirm"] = new JsonObject
                {
                    ["title"] = Plain("Approve?"),
                    ["text"] = Plain(Cut($"{request.Agent} will run {request.Tool} with the arguments shown.", 300)),
                    ["confirm"] = Plain("Approve"),
                    ["deny"] = Plain("Cancel"),
                },
            },
            new JsonObject { ["type"] = "button", ["action_id"] = SlackApprovalButtons.Deny, ["value"] = request.Id, ["style"] = "danger", ["text"] = Plain("Deny") },
        },
    };

    private static string Outcome(ApprovalRecord request)
    {
        var reason = string.IsNullOrWhiteSpace(request.AnswerReason) ? "" : $": {Escape(request.AnswerReason)}";
        var when = request.AnsweredAt is { } at ? $" {Date(at)}" : "";
        return Cut(request.Status switch
        {
            ApprovalStatus.Approved => $"*Approved* by {Mention(request.AnsweredBy ?? "?")} via {request.AnsweredVia}{when}{reason}",
            ApprovalStatus.Denied => $"*Denied* by {Mention(request.AnsweredBy ?? "?")} via {request.AnsweredVia}{when}{reason}",
            ApprovalStatus.Expired => $"*Expired*{when} with nobody's answer; {(request.OnExpiry == ApprovalStatus.Approved ? "it went ahead" : "it was denied")}",
            ApprovalStatus.Superseded => $"*Superseded*{when}: the run no longer waits for it{reason}",
            _ => $"*{Escape(request.Status)}*{when}{reason}",
        } + (request.Override ? " (an override: not one of the approvers)" : ""), MaxSectionText);
    }

    // A Slack user id is mentioned, so the approver is notified; a name is shown as it is.
    private static string Mention(string approver) => UserId().IsMatch(approver) ? $"<@{approver}>" : Escape(approver);

    // Slack shows the date in each reader's time zone; the fallback is UTC.
    private static string Date(DateTimeOffset at) => string.Create(CultureInfo.InvariantCulture,
        $"<!date^{at.ToUnixTimeSeconds()}^{{date_short_pretty}} at {{time}}|{at.UtcDateTime:yyyy-MM-dd HH:mm} UTC>");

    // Slack's mrkdwn needs only these three escaped (https://api.slack.com/reference/surfaces/formatting#escaping).
    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static JsonObject Plain(string text) => new() { ["type"] = "plain_text", ["text"] = text, ["emoji"] = false };

    private static JsonObject Markdown(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };

    [GeneratedRegex("^[UW][A-Z0-9]{2,}$", RegexOptions.CultureInvariant)]
    private static partial Regex UserId();
}
