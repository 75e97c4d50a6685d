namespace Ambient.Kafka.Topics;

/// <summary>
/// Names of Ambient's topics, bound from <c>Ambient:Topics</c>; the defaults suit one Ambient per cluster.
/// </summary>
public sealed class AmbientTopics
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Ambient:Topics";

    /// <summary>GitHub webhook events.</summary>
    public string GitHubEvents { get; set; } = "ambient.events.github";

    /// <summary>Slack Events API events.</summary>
    public string SlackEvents { get; set; } = "ambient.events.slack";

    /// <summary>Kubernetes events and Alertmanager alerts.</summary>
    public string ClusterEvents { get; set; } = "ambient.events.cluster";

    /// <summary>Events your own producers post to the gateway's <c>/v1/events</c>: the default scope of a publish token.</summary>
    public string CustomEvents { get; set; } = "ambient.events.custom";

    /// <summary>Every action agents propose; header <c>ambient-action-target</c> says for whom.</summary>
    public string Actions { get; set; } = "ambient.actions";

    /// <summary>
    /// Compacted, co-partitioned with <see cref="Actions"/>: the executor's ledger, one entry per action id
    /// (started, then applied, failed or skipped), so each action is applied once across crashes.
    /// </summary>
    public string ActionResults { get; set; } = "ambient.action-results";

    /// <summary>What became of each action, as CloudEvents (<c>io.ambient.action.applied|failed|skipped</c>) agents can subscribe to.</summary>
    public string ActionEvents { get; set; } = "ambient.events.actions";

    /// <summary>
    /// What happened to agents themselves, as CloudEvents (<c>io.ambient.agent.unhealthy|healthy</c>), keyed by agent: written
    /// by workers, read by anyone watching the agents (an agent subscribes with <c>topic: agents</c>).
    /// </summary>
    public string AgentEvents { get; set; } = "ambient.events.agents";

    /// <summary>Records that could not be processed, with error headers.</summary>
    public string DeadLetter { get; set; } = "ambient.dlq";

    /// <summary>One record per agent decision.</summary>
    public string Audit { get; set; } = "ambient.audit";

    /// <summary>Schedule ticks for scheduled agents.</summary>
    public string Schedules { get; set; } = "ambient.events.schedule";

    /// <summary>Compacted; one checkpoint per run step plus a head per run; co-partitioned with the event topics.</summary>
    public string Checkpoints { get; set; } = "ambient.checkpoints";

    /// <summary>Operator commands to workers (e.g. roll a run back), keyed by run.</summary>
    public string Control { get; set; } = "ambient.control";

    /// <summary>
    /// Compacted, one partition: the governance state every worker and executor reads whole and then follows, one
    /// record per policy (<c>policy/&lt;name&gt;</c>, its YAML), written by <c>ambient policy apply</c>.
    /// </summary>
    public string Policy { get; set; } = "ambient.policy";

    /// <summary>
    /// Compacted, one partition: human approvals of red actions, one record per request (keyed by approval id) holding
    /// the request and, once answered, the answer. Written by workers (requests, expiries) and by whoever answers
    /// (<c>ambient approvals</c>, Slack through the gateway); read whole and followed by workers and the executor.
    /// </summary>
    public string Approvals { get; set; } = "ambient.approvals";

    /// <summary>
    /// Requests to the budget ledger, keyed by agent: limits set by <c>ambient budget set</c>, leases asked for by
    /// replicas, calls settled and lease remainders released. The ledger handles each agent's requests in order.
    /// </summary>
    public string BudgetRequests { get; set; } = "ambient.budget.requests";

    /// <summary>
    /// Compacted, co-partitioned with <see cref="BudgetRequests"/>: each agent's budget after every request, with the
    /// answer to it; replicas read their leases here and <c>ambient budget show</c> the budgets.
    /// </summary>
    public string Budget { get; set; } = "ambient.budget";

    /// <summary>
    /// The budget ledger processor's application id (its consumer group); its store's changelog is
    /// <see cref="BudgetChangelog"/>.
    /// </summary>
    public string BudgetLedger { get; set; } = "ambient.budget.ledger";

    /// <summary>Compacted: the changelog the ledger processor restores its store from (Kafka Streams naming: application id, store, <c>changelog</c>).</summary>
    public string BudgetChangelog => BudgetLedger + "-" + BudgetStoreName + "-changelog";

    /// <summary>The name of the ledger processor's state store.</summary>
    public const string BudgetStoreName = "budgets";

    /// <summary>Where replays in shadow mode write their actions, so the live topic never sees them.</summary>
    public string ShadowActions { get; set; } = "ambient.actions.shadow";

    /// <summary>Gateway deliveries no agent subscribes to (e.g. an unknown GitHub event), kept for inspection.</summary>
    public string Unrouted { get; set; } = "ambient.events.unrouted";

    /// <summary>Prefix of the agents' A2A inboxes: <c>ambient.a2a.&lt;agent&gt;</c> holds the requests to that agent.</summary>
    public string A2aInboxPrefix { get; set; } = "ambient.a2a.";

    /// <summary>A2A replies (task status and artifact updates) to requesting runs.</summary>
    public string A2aReplies { get; set; } = "ambient.a2a.replies";

    /// <summary>
    /// The gateway's A2A replies: answers to requests external A2A clients sent through the gateway, read whole by
    /// every gateway replica (no consumer group), so kept apart from the workers' co-partitioned replies.
    /// </summary>
    public string A2aGatewayReplies { get; set; } = "ambient.a2a.replies.gateway";

    /// <summary>Compacted: the latest snapshot of each A2A task, keyed by task id (what <c>tasks/get</c> answers from).</summary>
    public string A2aTasks { get; set; } = "ambient.a2a.tasks";

    /// <summary>Compacted: the latest Agent Card of each agent, keyed by agent name.</summary>
    public string A2aCards { get; set; } = "ambient.a2a.cards";

    /// <summary>
    /// Compacted, one partition: each agent's behaviour per UTC day and version (<c>agent/yyyy-MM-dd/version</c>), written by
    /// the executor once the day is over, read by <c>ambient agents drift</c>; kept after the audit's retention.
    /// </summary>
    public string AgentDrift { get; set; } = "ambient.agent.drift";

    /// <summary>The A2A inbox of <paramref name="agent"/>.</summary>
    public string A2aInbox(string agent) => A2aInboxPrefix + agent;

    /// <summary>
    /// The default names with their leading <c>ambient.</c> replaced by <paramref name="prefix"/> (<c>t1a2b3c4d.</c>
    /// gives <c>t1a2b3c4d.events.github</c>, ...): a test's, a benchmark's or another Ambient's own set of topics.
    /// </summary>
    public static AmbientTopics WithPrefix(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var topics = new AmbientTopics();
        foreach (var property in NameProperties())
        {
            property.SetValue(topics, prefix + ((string)property.GetValue(topics)!)[DefaultPrefix.Length..]);
        }

        return topics;
    }

    /// <summary>These names as configuration entries under <see cref="SectionName"/>, for a host configured in memory.</summary>
    public IEnumerable<KeyValuePair<string, string?>> ToSettings() =>
        NameProperties().Select(property => KeyValuePair.Create($"{SectionName}:{property.Name}", (string?)property.GetValue(this)));

    private const string DefaultPrefix = "ambient.";

    // Every topic name (and the inbox prefix) is a settable string property.
    private static IEnumerable<System.Reflection.PropertyInfo> NameProperties() =>
        typeof(AmbientTopics).GetProperties().Where(property => property.PropertyType == typeof(string) && property.CanWrite);
}
