using System.Globalization;
using Ambient.Kafka.Configuration;

namespace Ambient.Kafka.Topics;

/// <summary>
/// How many partitions each kind of Ambient topic gets and how long it keeps records. The replication factor is
/// left to the brokers (-1, KIP-464): 1 on the embedded broker, <c>default.replication.factor</c> (3) on Strimzi.
/// A new topic (e.g. a compacted one) is one more line in <see cref="Describe"/>.
/// </summary>
public sealed class TopicLayout
{
    /// <summary>The layout <c>ambient topics init</c> uses.</summary>
    public static TopicLayout Default { get; } = new();

    /// <summary>Partitions of each event topic (GitHub, Slack, cluster).</summary>
    public int EventPartitions { get; init; } = 6;

    /// <summary>Partitions of the actions topic.</summary>
    public int ActionPartitions { get; init; } = 6;

    /// <summary>Partitions of the audit topic.</summary>
    public int AuditPartitions { get; init; } = 3;

    /// <summary>Partitions of the dead-letter topic.</summary>
    public int DeadLetterPartitions { get; init; } = 3;

    /// <summary>Partitions of the schedule topic; ticks are few.</summary>
    public int SchedulePartitions { get; init; } = 1;

    /// <summary>Partitions of the control topic (operator commands such as rollbacks; low volume).</summary>
    public int ControlPartitions { get; init; } = 1;

    /// <summary>Partitions of the gateway's A2A replies topic; every gateway replica reads all of them.</summary>
    public int GatewayReplyPartitions { get; init; } = 3;

    /// <summary>Partitions of the budget requests, the budget topic and the ledger's changelog (co-partitioned, keyed by agent).</summary>
    public int BudgetPartitions { get; init; } = 3;

    /// <summary>The agents whose A2A inboxes (<c>ambient.a2a.&lt;agent&gt;</c>) to create.</summary>
    public IReadOnlyList<string> Agents { get; init; } = [];

    /// <summary>How long events, actions, schedule ticks and dead letters are kept.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How long audit records are kept.</summary>
    public TimeSpan AuditRetention { get; init; } = TimeSpan.FromDays(30);

    /// <summary>The replication factor; -1 takes the brokers' default.</summary>
    public short ReplicationFactor { get; init; } = -1;

    /// <summary>Every Ambient topic under <paramref name="topics"/>' names, with its partitions and configs.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A partition count is below 1 or a retention not positive.</exception>
    public IReadOnlyList<TopicDefinition> Describe(AmbientTopics topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        return
        [
            // Event topics (and the dead-letter topic, which copies their records) take records as large as a webhook.
            Large(Deleting(topics.GitHubEvents, EventPartitions, Retention)),
            Large(Deleting(topics.SlackEvents, EventPartitions, Retention)),
            Large(Deleting(topics.ClusterEvents, EventPartitions, Retention)),
            Large(Deleting(topics.CustomEvents, EventPartitions, Retention)),
            Deleting(topics.Schedules, SchedulePartitions, Retention),
            Deleting(topics.Actions, ActionPartitions, Retention),
            // The executor's ledger: partition P holds the results of the actions of actions partition P. An entry is
            // needed while its action can still be delivered (the actions' retention); it is kept twice that, for
            // `ambient runs show`, and then deleted, so the ledger a restarting executor reads stays bounded.
            Retained(Compacted(topics.ActionResults, ActionPartitions), Retention * 2),
            Deleting(topics.ActionEvents, EventPartitions, Retention),
            Deleting(topics.AgentEvents, EventPartitions, Retention),
            Large(Deleting(topics.DeadLetter, DeadLetterPartitions, Retention)),
            Deleting(topics.Audit, AuditPartitions, AuditRetention),
            Deleting(topics.ShadowActions, ActionPartitions, Retention),
            Deleting(topics.Control, ControlPartitions, Retention),
            // Read whole by every worker and executor: one partition keeps it in write order and small.
            Compacted(topics.Policy, 1),
            // Approvals likewise: read whole by workers and the executor; one partition keeps every answer in one order.
            Compacted(topics.Approvals, 1),
            // The budget ledger: requests keyed by agent; partition P of the budget topic and of the ledger's changelog
            // holds the agents of requests partition P. A request matters until the ledger handled it.
            Deleting(topics.BudgetRequests, BudgetPartitions, TimeSpan.FromDays(1)),
            Compacted(topics.Budget, BudgetPartitions),
            Compacted(topics.BudgetChangelog, BudgetPartitions),

            Large(Deleting(topics.Unrouted, EventPartitions, Retention)),

            // Co-partitioned with the event topics: checkpoint partition P holds the runs of input partition P,
            // and replies partition P the answers to them.
            Compacted(topics.Checkpoints, EventPartitions),
            Deleting(topics.A2aReplies, EventPartitions, Retention),
            Deleting(topics.A2aGatewayReplies, GatewayReplyPartitions, Retention),
            Compacted(topics.A2aCards, 1),
            // A few records per agent a day, read whole by `ambient agents drift`.
            Compacted(topics.AgentDrift, 1),
            Compacted(topics.A2aTasks, EventPartitions),
            .. Agents.Select(agent => Deleting(topics.A2aInbox(agent), EventPartitions, Retention)),
        ];
    }

    /// <summary>
    /// A compacted topic tuned for checkpoints: the cleaner runs once 10% of the log is superseded heads,
    /// segments roll hourly so closed steps become cleanable, tombstones of finished runs stay a day so a
    /// restoring worker that is behind still sees them.
    /// </summary>
    private static TopicDefinition Compacted(string name, int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        return new TopicDefinition(name, partitions, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["cleanup.policy"] = "compact",
            ["min.cleanable.dirty.ratio"] = "0.1",
            ["segment.ms"] = "3600000",
            ["delete.retention.ms"] = "86400000",
        });
    }

    private static TopicDefinition Retained(TopicDefinition compacted, TimeSpan retention) => compacted with
    {
        Configs = new Dictionary<string, string>(compacted.Configs, StringComparer.Ordinal)
        {
            ["cleanup.policy"] = "compact,delete",
            ["retention.ms"] = ((long)retention.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
        },
    };

    private static TopicDefinition Large(TopicDefinition topic) => topic with
    {
        Configs = new Dictionary<string, string>(topic.Configs, StringComparer.Ordinal)
        {
            [RecordSizeLimits.TopicConfig] = RecordSizeLimits.EventRecordBytes.ToString(CultureInfo.InvariantCulture),
        },
    };

    private static TopicDefinition Deleting(string name, int partitions, TimeSpan retention)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero);
        return new TopicDefinition(name, partitions, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["cleanup.policy"] = "delete",
            ["retention.ms"] = ((long)retention.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
        });
    }
}
