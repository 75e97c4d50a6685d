using Ambient.Kafka.Topics;

namespace Ambient.Deployment.Tests;

/// <summary>
/// The one list of Kafka topics the manifests must provide, for every cross-check. Today's names come from
/// <see cref="AmbientTopics"/>' defaults; topics of components still being built (gateway, checkpoints, A2A) are
/// listed in <see cref="Planned"/>: when one moves into the app's configuration, move it here too.
/// </summary>
internal static class DeploymentTopics
{
    /// <summary>Topics of components still being built, not yet in <see cref="AmbientTopics"/> (none today).</summary>
    public static readonly IReadOnlyList<string> Planned = [];

    /// <summary>Apicurio Registry's kafkasql storage topic (not Ambient's, but on Ambient's cluster).</summary>
    public const string RegistryJournal = "kafkasql-journal";

    /// <summary>Topics Strimzi must keep compacted: only the latest record per key matters.</summary>
    public static readonly IReadOnlyList<string> Compacted = ["ambient.checkpoints", "ambient.a2a.cards", "ambient.a2a.tasks", "ambient.action-results", "ambient.policy", "ambient.approvals",
        "ambient.budget", "ambient.budget.ledger-budgets-changelog", "ambient.agent.drift"];

    /// <summary>Every topic name <see cref="AmbientTopics"/> holds by default.</summary>
    public static IReadOnlyList<string> FromAppConfiguration()
    {
        var defaults = new AmbientTopics();
        // A2aInboxPrefix is a prefix, not a topic: the inboxes are listed per agent; BudgetLedger is the ledger
        // processor's application id (its changelog, BudgetChangelog, is a topic).
        return [.. typeof(AmbientTopics).GetProperties().Where(p => p.PropertyType == typeof(string)
                && p.Name is not nameof(AmbientTopics.A2aInboxPrefix) and not nameof(AmbientTopics.BudgetLedger))
            .Select(p => (string)p.GetValue(defaults)!)];
    }

    /// <summary>The A2A inbox of an agent.</summary>
    public static string A2AInbox(string agent) => $"ambient.a2a.{agent}";

    /// <summary>Every topic Ambient needs for these agents: app configuration, planned topics and one inbox per agent.</summary>
    public static IReadOnlyList<string> All(IEnumerable<string> agents) =>
        [.. FromAppConfiguration().Concat(Planned).Concat(agents.Select(A2AInbox)).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// Topics that must have equal partition counts: checkpoints are written to the partition of the event they
    /// belong to, so every event topic (<c>ambient.events.*</c>), <c>ambient.checkpoints</c> and <c>ambient.a2a.replies</c> (answers go to
    /// the partition of the run that asked) are co-partitioned.
    /// </summary>
    public static bool IsCoPartitioned(string topic) =>
        topic.StartsWith("ambient.events.", StringComparison.Ordinal) || topic is "ambient.checkpoints" or "ambient.a2a.replies";
}
