using System.ComponentModel;
using System.Text.Json.Nodes;
using Ambient.Abstractions.Actions;
using Microsoft.SemanticKernel;

namespace Ambient.Runtime.Tools;

/// <summary>The <c>slack</c> plugin: proposes messages (nothing is posted to Slack).</summary>
internal sealed class SlackTools
{
    [KernelFunction("reply_in_thread"), Description("Propose a reply in a Slack thread.")]
    public static async Task<string> ReplyInThreadAsync(Kernel kernel,
        [Description("channel id, e.g. C2147483705")] string channel,
        [Description("timestamp of the thread's parent message")] string threadTs,
        [Description("message text (Slack mrkdwn)")] string text,
        CancellationToken cancellationToken)
    {
        var action = await RunScope.From(kernel).ProposeAsync(ActionTargets.Slack, "reply_in_thread", new JsonObject
        {
            ["channel"] = channel,
            ["threadTs"] = threadTs,
            ["text"] = text,
        }, cancellationToken);
        return $"Proposed action {action.Id}: reply in thread {threadTs} of {channel}.";
    }

    [KernelFunction("post_message"), Description("Propose a message in a Slack channel.")]
    public static async Task<string> PostMessageAsync(Kernel kernel,
        [Description("channel id")] string channel,
        [Description("message text (Slack mrkdwn)")] string text,
        CancellationToken cancellationToken)
    {
        var action = await RunScope.From(kernel).ProposeAsync(ActionTargets.Slack, "post_message", new JsonObject
        {
            ["channel"] = channel,
            ["text"] = text,
        }, cancellationToken);
        return $"Proposed action {action.Id}: message in {channel}.";
    }
}
