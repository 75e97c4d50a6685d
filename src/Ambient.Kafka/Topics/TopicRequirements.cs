
namespace Ambient.Kafka.Topics;

/// <summary>
/// What a process needs of the topics it uses, checked by <see cref="TopicLayoutValidator"/>: each topic exists with its
/// layout's cleanup policy, and the topics Ambient writes to by input partition (the checkpoints, the A2A replies) have a
/// partition for every partition of every input topic. Partition counts are otherwise free: a deployment may give its
/// topics more or fewer partitions than <see cref="TopicLayout"/> creates.
/// </summary>
/// <param name="Topics">The topics, as <see cref="TopicLayout"/> creates them (partitions and <c>cleanup.policy</c>).</param>
/// <param name="Inputs">The consumed topics whose partition P has its runs in partition P of the <paramref name="ByInputPartition"/> topics.</param>
/// <param name="ByInputPartition">Topics written to the partition of the input a record belongs to: checkpoints and A2A replies.</param>
public sealed record TopicRequirements(IReadOnlyList<TopicDefinition> Topics, IReadOnlyList<string> Inputs, IReadOnlyList<string> ByInputPartition)
{
    /// <summary>
    /// Every topic of <paramref name="layout"/>, as <c>ambient topics init</c> creates them: the event topics, the schedule
    /// topic and each agent's A2A inbox are the inputs; the checkpoints and the A2A replies are written by input partition.
    /// </summary>
    public static TopicRequirements All(AmbientTopics topics, TopicLayout layout)
    {
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentNullException.ThrowIfNull(layout);
        return new(Distinct(layout.Describe(topics)),
            [topics.GitHubEvents, topics.SlackEvents, topics.ClusterEvents, topics.Schedules, topics.ActionEvents, topics.AgentEvents, .. layout.Agents.Select(topics.A2aInbox)],
            [topics.Checkpoints, topics.A2aReplies]);
    }

    /// <summary>
    /// The topics a worker uses: its agents' input topics (<paramref name="inputs"/>, A2A inboxes included), the actions,
    /// audit, dead-letter, control, governance, approvals and budget ledger topics, the agent events it writes, the checkpoints when <paramref name="checkpoints"/>, and with
    /// <paramref name="a2a"/> the replies, tasks and cards topics and the inbox of each agent it may delegate to
    /// (<see cref="TopicLayout.Agents"/>). Topics the layout does not know (a literal topic name in a subscription) are
    /// checked for existence only, as delete topics.
    /// </summary>
    public static TopicRequirements Worker(AmbientTopics topics, TopicLayout layout, IEnumerable<string> inputs, bool checkpoints, bool a2a)
    {
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentNullException.ThrowIfNull(layout);
        var consumed = inputs.Distinct(StringComparer.Ordinal).ToList();
        var used = new List<string>(consumed) { topics.Actions, topics.Audit, topics.DeadLetter, topics.Control, topics.Policy, topics.Approvals,
            topics.BudgetRequests, topics.Budget, topics.BudgetChangelog, topics.AgentEvents };
        var byPartition = new List<string>();
        if (checkpoints)
        {
            byPartition.Add(topics.Checkpoints);
        }

        if (a2a)
        {
            byPartition.Add(topics.A2aReplies);
            used.AddRange([topics.A2aTasks, topics.A2aCards, .. layout.Agents.Select(topics.A2aInbox)]);
        }

        used.AddRange(byPartition);
        var known = Distinct(layout.Describe(topics)).ToDictionary(t => t.Name, StringComparer.Ordinal);
        var definitions = used.Distinct(StringComparer.Ordinal)
            .Select(name => known.GetValueOrDefault(name) ?? new TopicDefinition(name, layout.EventPartitions,
                new Dictionary<string, string>(StringComparer.Ordinal) { [CleanupPolicy] = "delete" }))
            .ToList();
        return new(definitions, consumed, byPartition);
    }

    /// <summary>
    /// The topics the executor uses: it consumes the actions, keeps its ledger by actions partition, writes action
    /// outcomes, audit records and dead letters, follows the governance and approvals topics, and summarises each day's
    /// audit onto the drift topic.
    /// </summary>
    public static TopicRequirements Executor(AmbientTopics topics, TopicLayout layout)
    {
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentNullException.ThrowIfNull(layout);
        var known = Distinct(layout.Describe(topics)).ToDictionary(t => t.Name, StringComparer.Ordinal);
        return new([.. new[] { topics.Actions, topics.ActionResults, topics.ActionEvents, topics.Audit, topics.DeadLetter, topics.Policy, topics.Approvals, topics.AgentDrift }.Select(name => known[name])],
            [topics.Actions], [topics.ActionResults]);
    }

    /// <summary>The topic config this checks besides partitions.</summary>
    public const string CleanupPolicy = "cleanup.policy";

    private static List<TopicDefinition> Distinct(IEnumerable<TopicDefinition> topics) => [.. topics.DistinctBy(t => t.Name, StringComparer.Ordinal)];
}
