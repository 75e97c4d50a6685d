namespace Ambient.Abstractions.Events;

/// <summary>
/// How an event entered Ambient, as the <c>ambient-ingress</c> record header says. The gateway stamps every record it
/// writes; an agent's subscription may accept only some (the sample agents accept only verified sources). The header
/// is as trustworthy as the topic's write access: only the gateway's Kafka user writes the event topics.
/// </summary>
public static class IngressKinds
{
    /// <summary>A GitHub delivery whose <c>X-Hub-Signature-256</c> the gateway verified.</summary>
    public const string GitHub = "github";

    /// <summary>A Slack request whose signature and timestamp the gateway verified.</summary>
    public const string Slack = "slack";

    /// <summary>An Alertmanager notification with the Alertmanager bearer token.</summary>
    public const string Alertmanager = "alertmanager";

    /// <summary>A Kubernetes Event the gateway's own watcher read from the API server.</summary>
    public const string Kubernetes = "kubernetes";

    /// <summary>An event published by <c>ambient publish</c> (straight to Kafka, under the operator's Kafka user).</summary>
    public const string Cli = "cli";

    /// <summary>A tick of Ambient's own scheduler.</summary>
    public const string Schedule = "schedule";

    /// <summary>An outcome of an action, written by Ambient's executor.</summary>
    public const string Executor = "executor";

    /// <summary>What happened to an agent itself (its health), written by Ambient's worker.</summary>
    public const string Worker = "worker";

    /// <summary>Written <c>verified</c> in a subscription: every ingress whose sender the gateway authenticated as the source itself.</summary>
    public const string Verified = "verified";

    /// <summary>Prefix of events posted to <c>/v1/events</c>: <c>publish:&lt;token name&gt;</c>.</summary>
    public const string PublishPrefix = "publish:";

    /// <summary>The sources <see cref="Verified"/> stands for: each authenticated by the source's own secret or API.</summary>
    public static IReadOnlyList<string> VerifiedSources { get; } = [GitHub, Slack, Alertmanager, Kubernetes, Schedule, Executor, Worker];

    /// <summary>The ingress of events posted with the publish token named <paramref name="tokenName"/>.</summary>
    public static string Publish(string tokenName) => PublishPrefix + tokenName;
}
