using System.Text.Json.Nodes;
using Ambient.Abstractions.Actions;
using Ambient.Executor.Targets.Slack;

namespace Ambient.Executor.Targets.Notify;

/// <summary>
/// Posts the notification to a Slack channel with chat.postMessage, through the Slack target's Web API client
/// (<c>Ambient:Executors:Slack:BaseUrl</c>, <c>BotToken</c>, <c>Timeout</c>, its error mapping and short retries), marked
/// as the Slack target marks its posts: metadata <c>event_type</c> <see cref="ActionMarkers.SlackEventType"/> with the
/// action id, found again in the channel's history by the Slack target's finder (the bot needs the history scope).
/// </summary>
internal sealed class SlackSink(SlackWebApi slack, SlackMessageFinder finder, string channel) : INotifySink
{
    public string Label => $"{NotifySinkOptions.SlackKind} {channel}";

    public bool Searchable => true;

    public async Task<TargetOutcome> DeliverAsync(ActionRecord action, Notification notification, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["channel"] = channel,
            ["text"] = notification.SlackText,
            ["metadata"] = new JsonObject
            {
                ["event_type"] = ActionMarkers.SlackEventType,
                ["event_payload"] = new JsonObject { ["action_id"] = action.Id },
            },
        };

        // Not repeatable: a post sent twice shows twice.
        var answer = await slack.PostAsync("chat.postMessage", body, repeatable: false, cancellationToken);
        return answer.Problem is { } problem ? problem.Named(Label) : TargetOutcome.Applied($"slack:{answer.Property("ts")}");
    }

    public async Task<TargetOutcome?> FindAsync(ActionRecord action, CancellationToken cancellationToken) =>
        await finder.InChannelAsync(action, channel, cancellationToken) switch
        {
            null => null,
            { Kind: TargetOutcomeKind.Applied } found => TargetOutcome.Applied($"slack:{found.ExternalId}"),
            var problem => problem.Named(Label),
        };
}
