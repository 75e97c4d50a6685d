using Ambient.Abstractions.Actions;

namespace Ambient.Executor.Targets.Notify;

/// <summary>One configured place a notification goes to. Its outcomes' external ids are prefixed with its kind, e.g. <c>slack:1700000001.000100</c>.</summary>
internal interface INotifySink
{
    /// <summary>The sink in a few words, as reasons and <see cref="IActionTarget.Describe"/> name it, e.g. <c>slack C0123ABC</c>.</summary>
    string Label { get; }

    /// <summary>Whether <see cref="FindAsync"/> can see an earlier delivery; a webhook cannot.</summary>
    bool Searchable { get; }

    /// <summary>Delivers the notification, marked with the action id where the sink can hold it.</summary>
    Task<TargetOutcome> DeliverAsync(ActionRecord action, Notification notification, CancellationToken cancellationToken);

    /// <summary>The earlier delivery of the action, by its marker; null when there is none, or the sink cannot be searched.</summary>
    Task<TargetOutcome?> FindAsync(ActionRecord action, CancellationToken cancellationToken);
}

/// <summary>Helpers the sinks share.</summary>
internal static class SinkOutcomes
{
    /// <summary>The outcome with the sink named in its reason, so a failure among several sinks says which.</summary>
    public static TargetOutcome Named(this TargetOutcome outcome, string label) =>
        outcome.Kind == TargetOutcomeKind.Applied ? outcome : outcome with { Reason = $"{label}: {outcome.Reason}" };
}
