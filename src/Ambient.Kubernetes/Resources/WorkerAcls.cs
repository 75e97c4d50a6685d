using Ambient.A2a;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Control;

namespace Ambient.Kubernetes.Resources;

/// <summary>
/// What an agent's worker may do on Kafka, derived from its agent file: read its subscriptions' topics in its own groups,
/// write its outputs (actions, audit, checkpoints, health, dead letters), follow governance, lease budget, and speak A2A.
/// Tools add no ACL: an effect leaves as an action record on the actions topic, a read goes to its API over HTTPS.
/// </summary>
internal static class WorkerAcls
{
    private static readonly string[] s_read = ["Read", "Describe"];
    private static readonly string[] s_write = ["Write", "Describe"];
    private static readonly string[] s_readWrite = ["Read", "Write", "Describe"];

    public static IReadOnlyList<KafkaAcl> For(WorkerPlan plan)
    {
        var topics = plan.Settings.Topics;
        var agent = plan.Agent.Name;
        var acls = new List<KafkaAcl>
        {
            // Readers (assigned partitions, no group membership) still look up their group's coordinator: Describe only.
            new("group", KafkaClientConfigs.ReaderGroupPrefix, true, ["Describe"]),
            new("group", plan.Agent.ConsumerGroup, false, ["Read"]),
            // Rollbacks: ambient.control in its own group; delegation replies: ambient.a2a.replies in its own group.
            new("group", ControlConsumerService.GroupIdFor(agent), false, ["Read"]),
            new("group", ReplyConsumerService.GroupIdFor(agent), false, ["Read"]),
        };
        acls.AddRange(plan.EventTopics.Select(topic => new KafkaAcl("topic", topic, false, s_read)));
        if (plan.RunsWeeklyDigest)
        {
            // The weekly digest's schedule writes the tick from the week's GitHub events.
            acls.Add(new("topic", topics.Schedules, false, ["Write"]));
            acls.Add(new("topic", topics.GitHubEvents, false, s_read));
        }

        acls.AddRange(
        [
            new("topic", topics.Actions, false, s_write),
            new("topic", topics.ShadowActions, false, s_write),
            new("topic", topics.Audit, false, s_write),
            new("topic", topics.AgentEvents, false, s_write),
            // Also a checkpoint record a run's page cannot read, as `ambient runs show` does.
            new("topic", topics.DeadLetter, false, s_write),
            new("topic", topics.Checkpoints, false, s_readWrite),
            new("topic", topics.Control, false, s_read),
            // Governance: policies, read whole and followed without a group; approvals written and followed.
            new("topic", topics.Policy, false, s_read),
            new("topic", topics.Approvals, false, s_readWrite),
            // Budgets: each worker runs its share of the ledger processor (its groups share the prefix) and asks it for leases.
            new("group", topics.BudgetLedger, true, ["Read"]),
            new("topic", topics.Budget, true, s_readWrite),
            new("topic", plan.Inbox, false, s_read),
            new("topic", topics.A2aReplies, false, s_read),
            // Cards, read whole and followed: a delegation reaches any agent with one, not only this worker's.
            new("topic", topics.A2aCards, false, s_read),
            // Cards, task snapshots, replies to whichever topic a request names, and delegations to other inboxes.
            new("topic", topics.A2aInboxPrefix, true, s_write),
        ]);
        return acls;
    }
}
