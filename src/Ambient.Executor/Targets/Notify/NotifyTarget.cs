using Ambient.Abstractions.Actions;

namespace Ambient.Executor.Targets.Notify;

/// <summary>
/// Applies <c>email</c> actions (<c>send_email</c>, <c>incident_report</c>) by delivering each to every configured sink
/// (<c>Ambient:Executors:Notify:Sinks</c>): a Slack channel, a new GitHub issue, a webhook. The external id lists what
/// each sink made, in order, e.g. <c>slack:1700000001.000100;github:42;webhook:200</c>.
/// </summary>
/// <remarks>
/// <para>
/// Scope: a <c>send_email</c> is scoped by its first recipient's domain (<c>to[0]</c> after the '@', lower-cased), so
/// an agent can be allowed <c>example.com</c> and nothing else; every <c>incident_report</c> is scoped <c>incident</c>.
/// </para>
/// <para>
/// Exactly once across sinks, without state: before delivering to a sink that can be searched (Slack, GitHub) the
/// target looks there for the action's marker and skips the sink when it is found. So when one sink is unavailable
/// and the action is retried, the sinks that already have it are not sent it again. A webhook cannot be searched
/// and is sent it again; receivers dedupe by <c>X-Ambient-Action-Id</c>. Any sink failing permanently fails the
/// action, naming the sink (the others are still delivered to); otherwise any sink unavailable retries it.
/// </para>
/// </remarks>
internal sealed class NotifyTarget(NotifySinks sinks) : IActionTarget
{
    public const string NoSinks = $"no notification sinks configured under {NotifyTargetOptions.SectionName}:Sinks";

    public string Name => ActionTargets.Email;

    public string ScopeOf(ActionRecord action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Notification.For(action).Scope;
    }

    public string Describe(ActionRecord action, ApplyContext context)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(context);
        var notification = Notification.For(action);
        var current = sinks.Current();
        return current.Count == 0
            ? $"notify {notification.Gist} to nothing: {NoSinks}"
            : $"notify {notification.Gist} to {string.Join(", ", current.Select(sink => sink.Label))}";
    }

    public async Task<TargetOutcome> ApplyAsync(ActionRecord action, ApplyContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(context);
        var notification = Notification.For(action);
        var current = sinks.Current();
        if (current.Count == 0)
        {
            return TargetOutcome.Failed(NoSinks);
        }

        List<(INotifySink Sink, TargetOutcome Outcome)> outcomes = [];
        foreach (var sink in current)
        {
            // A look before a send, where the sink can be searched: an earlier attempt may have reached it.
            var outcome = (sink.Searchable ? await sink.FindAsync(action, cancellationToken) : null)
                ?? await sink.DeliverAsync(action, notification, cancellationToken);
            outcomes.Add((sink, outcome));
        }

        return Combined(outcomes);
    }

    public async Task<TargetOutcome?> FindAsync(ActionRecord action, ApplyContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(context);
        Notification.For(action);
        var current = sinks.Current();

        // A webhook cannot say whether it got the notification, so the action is never found whole: ApplyAsync then
        // looks at each searchable sink itself, sends only where the marker is missing, and sends the webhooks again.
        if (current.Count == 0 || current.Any(sink => !sink.Searchable))
        {
            return null;
        }

        List<(INotifySink Sink, TargetOutcome Outcome)> outcomes = [];
        foreach (var sink in current)
        {
            if (await sink.FindAsync(action, cancellationToken) is not { } found)
            {
                // Not everywhere yet: ApplyAsync delivers to the sinks without it, skipping those with it.
                return null;
            }

            outcomes.Add((sink, found));
        }

        return Combined(outcomes);
    }

    private static TargetOutcome Combined(List<(INotifySink Sink, TargetOutcome Outcome)> outcomes)
    {
        var delivered = outcomes.Where(o => o.Outcome.Kind == TargetOutcomeKind.Applied).Select(o => o.Outcome).ToList();
        var deliveredNote = delivered.Count == 0 ? "" : $" (delivered: {string.Join(";", delivered.Select(o => o.ExternalId))})";
        if (outcomes.Where(o => o.Outcome.Kind == TargetOutcomeKind.Failed).Select(o => o.Outcome.Reason).ToList() is { Count: > 0 } refusals)
        {
            return TargetOutcome.Failed(string.Join("; ", refusals) + deliveredNote);
        }

        if (outcomes.Where(o => o.Outcome.Kind == TargetOutcomeKind.Retry).Select(o => o.Outcome).ToList() is { Count: > 0 } waits)
        {
            return TargetOutcome.Retry(string.Join("; ", waits.Select(o => o.Reason)) + deliveredNote, waits.Max(o => o.RetryAfter));
        }

        return TargetOutcome.Applied(string.Join(";", delivered.Select(o => o.ExternalId)), delivered.Select(o => o.Link).FirstOrDefault(link => link is not null));
    }
}
