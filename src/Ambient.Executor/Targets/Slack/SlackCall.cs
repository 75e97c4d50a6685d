using System.Globalization;
using System.Text.Json.Nodes;
using Ambient.Abstractions.Actions;

namespace Ambient.Executor.Targets.Slack;

/// <summary>The one Web API call an action comes to.</summary>
/// <param name="Operation">The action's operation, e.g. <c>post_message</c>.</param>
/// <param name="Method">The Web API method, e.g. <c>chat.postMessage</c>.</param>
/// <param name="Channel">The channel it acts in: the action's scope.</param>
/// <param name="Body">The JSON arguments of the method.</param>
/// <param name="Message">The ts of the message it acts on (the thread, the reacted or deleted message); null for a new post.</param>
/// <param name="Gist">The arguments in a few words, for <see cref="IActionTarget.Describe"/>.</param>
internal sealed record SlackCall(string Operation, string Method, string Channel, JsonObject Body, string? Message, string Gist)
{
    public const string PostMessage = "post_message";
    public const string ReplyInThread = "reply_in_thread";
    public const string AddReaction = "add_reaction";
    public const string DeleteMessage = "delete_message";

    /// <summary>Whether sending it twice leaves Slack as sending it once (a post shows twice).</summary>
    public bool Repeatable => Operation is AddReaction or DeleteMessage;

    /// <exception cref="ActionFormatException">The operation is unknown or the arguments are malformed.</exception>
    public static SlackCall For(ActionRecord action, ApplyContext context)
    {
        if (action.Operation is not (PostMessage or ReplyInThread or AddReaction or DeleteMessage))
        {
            throw SlackArguments.Malformed(action, $"unknown operation; the slack target knows {PostMessage}, {ReplyInThread}, {AddReaction}, {DeleteMessage}");
        }

        var channel = SlackArguments.Channel(action);
        switch (action.Operation)
        {
            case PostMessage:
            {
                var text = SlackArguments.Text(action);
                return new(PostMessage, "chat.postMessage", channel, Post(action, channel, text), null, $"channel={channel} ({Length(text)})");
            }

            case ReplyInThread:
            {
                var thread = SlackArguments.Timestamp(action, "threadTs");
                var text = SlackArguments.Text(action);
                var body = Post(action, channel, text);
                body["thread_ts"] = thread;
                return new(ReplyInThread, "chat.postMessage", channel, body, thread, $"channel={channel} thread={thread} ({Length(text)})");
            }

            case AddReaction:
            {
                var message = SlackArguments.Timestamp(action, "timestamp");
                var emoji = SlackArguments.Emoji(action);
                var body = new JsonObject { ["channel"] = channel, ["timestamp"] = message, ["name"] = emoji };
                return new(AddReaction, "reactions.add", channel, body, message, $"channel={channel} timestamp={message} name={emoji}");
            }

            default:
            {
                // A delete: the ts is what the undone post recorded; null when it never applied, and then there is nothing to call.
                var message = context.CompensatedExternalId;
                var body = new JsonObject { ["channel"] = channel, ["ts"] = message };
                return new(DeleteMessage, "chat.delete", channel, body, message, $"channel={channel} ts={message ?? "(never posted)"}");
            }
        }
    }

    // The metadata is the marker FindAsync looks for after a crash; people do not see it.
    private static JsonObject Post(ActionRecord action, string channel, string text) => new()
    {
        ["channel"] = channel,
        ["text"] = text,
        ["metadata"] = new JsonObject
        {
            ["event_type"] = ActionMarkers.SlackEventType,
            ["event_payload"] = new JsonObject { ["action_id"] = action.Id },
        },
    };

    private static string Length(string text) => string.Create(CultureInfo.InvariantCulture, $"text, {text.Length} chars");
}
