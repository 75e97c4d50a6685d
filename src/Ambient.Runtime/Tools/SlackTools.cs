using System.Text.Json.Nodes;
using Ambient.Abstractions.Actions;
using Ambient.Abstractions.Tools;
using static Ambient.Abstractions.Tools.ToolParameter;

namespace Ambient.Runtime.Tools;

/// <summary>The <c>slack</c> effect tools: messages, proposed (an executor posts them).</summary>
internal static class SlackTools
{
    public static IReadOnlyList<IAmbientTool> All { get; } =
    [
        ProposingTool.Create("slack.reply_in_thread", "Propose a reply in a Slack thread.", ActionTargets.Slack,
            [OfString("channel", "channel id, e.g. C2147483705"), OfString("threadTs", "timestamp of the thread's parent message"), OfString("text", "message text (Slack mrkdwn)")],
            a => (new JsonObject { ["channel"] = a.GetString("channel"), ["threadTs"] = a.GetString("threadTs"), ["text"] = a.GetString("text") },
                $"reply in thread {a.GetString("threadTs")} of {a.GetString("channel")}")),
        ProposingTool.Create("slack.post_message", "Propose a message in a Slack channel.", ActionTargets.Slack,
            [OfString("channel", "channel id"), OfString("text", "message text (Slack mrkdwn)")],
            a => (new JsonObject { ["channel"] = a.GetString("channel"), ["text"] = a.GetString("text") }, $"message in {a.GetString("channel")}")),
    ];
}
