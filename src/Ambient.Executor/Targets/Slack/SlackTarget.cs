using Ambient.Abstractions.Actions;

namespace Ambient.Executor.Targets.Slack;

/// <summary>
/// Applies <c>slack</c> actions through the Web API: <c>post_message</c> and <c>reply_in_thread</c>
/// (chat.postMessage, marked with the action id in the message metadata), <c>add_reaction</c> (reactions.add) and
/// <c>delete_message</c>, the compensation of a post (chat.delete). The external id of a post is its ts.
/// </summary>
internal sealed class SlackTarget(SlackWebApi slack, SlackMessageFinder finder) : IActionTarget
{
    public string Name => ActionTargets.Slack;

    public string ScopeOf(ActionRecord action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return SlackCall.For(action, ApplyContext.None).Channel;
    }

    public string Describe(ActionRecord action, ApplyContext context)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(context);
        var call = SlackCall.For(action, context);
        return $"POST {call.Method} {call.Gist}";
    }

    public async Task<TargetOutcome> ApplyAsync(ActionRecord action, ApplyContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(context);
        var call = SlackCall.For(action, context);
        if (call is { Operation: SlackCall.DeleteMessage, Message: null })
        {
            return TargetOutcome.Failed("the message it undoes was never posted");
        }

        var answer = await slack.PostAsync(call.Method, call.Body, call.Repeatable, cancellationToken);
        return (call.Operation, answer.Error) switch
        {
            // Reacting and deleting are idempotent: what Slack calls an error here is the state the action wanted.
            (SlackCall.AddReaction, "already_reacted") or (SlackCall.DeleteMessage, "message_not_found") => TargetOutcome.Applied(call.Message),
            _ when answer.Problem is { } problem => problem,
            (SlackCall.PostMessage or SlackCall.ReplyInThread, _) => TargetOutcome.Applied(answer.Property("ts")),
            _ => TargetOutcome.Applied(call.Message),
        };
    }

    public async Task<TargetOutcome?> FindAsync(ActionRecord action, ApplyContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(context);
        var call = SlackCall.For(action, context);
        return call.Operation switch
        {
            SlackCall.PostMessage => await finder.InChannelAsync(action, call.Channel, cancellationToken),
            SlackCall.ReplyInThread => await finder.InThreadAsync(action, call.Channel, call.Message!, cancellationToken),
            // A reaction or a delete can simply be applied again.
            _ => null,
        };
    }
}
