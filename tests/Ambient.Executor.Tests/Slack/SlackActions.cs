using System.Text.Json;
using Ambient.Abstractions.Actions;

namespace Ambient.Executor.Tests.Slack;

/// <summary>Slack action records with the argument names the proposing tools give them.</summary>
internal static class SlackActions
{
    /// <summary>When the actions were proposed: Slack ts 1700000000, just before every message the fake keeps.</summary>
    public static readonly DateTimeOffset ProposedAt = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    public static ActionRecord PostMessage(string channel, string text, string id = "run-1/3/0") =>
        Action(id, "post_message", new { channel, text });

    public static ActionRecord ReplyInThread(string channel, string threadTs, string text, string id = "run-1/3/1") =>
        Action(id, "reply_in_thread", new { channel, threadTs, text });

    public static ActionRecord AddReaction(string channel, string timestamp, string name, string id = "run-1/3/2") =>
        Action(id, "add_reaction", new { channel, timestamp, name });

    /// <summary>The compensation <c>Compensations.For</c> proposes for a post.</summary>
    public static ActionRecord DeleteMessage(string channel, string actionId, string id = "run-1/4/0") =>
        Action(id, "delete_message", new { channel, actionId });

    public static ActionRecord Action(string id, string operation, object arguments) =>
        new(id, "run-1", "triage", ActionTargets.Slack, operation, JsonSerializer.SerializeToElement(arguments), "tell the team", "event-1", "com.github.issues.opened", ProposedAt);
}
